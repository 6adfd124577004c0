import { TranslationBundle } from '@jupyterlab/translation';
import { Button, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { ConnectionState, IMlnbConnection } from '../tokens';

export const CSS = {
  root: 'jp-mlnb-Connection',
  status: 'jp-mlnb-Connection-status',
  detail: 'jp-mlnb-Connection-detail',
  connected: 'jp-mod-connected',
  error: 'jp-mod-error'
} as const;

/** Shows whether the mlnb service answers, with its version and store, or why it does not. */
export function ConnectionStatus(props: {
  connection: IMlnbConnection;
  trans: TranslationBundle;
}): JSX.Element {
  const { connection, trans } = props;
  return (
    <UseSignal signal={connection.stateChanged} initialArgs={connection.state}>
      {(_, state) => (
        <StateView
          state={state ?? connection.state}
          trans={trans}
          onRetry={() => void connection.refresh()}
        />
      )}
    </UseSignal>
  );
}

/**
 * One line in the panel header: a coloured dot and a word, the whole detail (version, store or
 * the error) in its tooltip and, on click, in a line below it.
 */
function StateView(props: { state: ConnectionState; trans: TranslationBundle; onRetry: () => void }) {
  const { state, trans } = props;
  const [open, setOpen] = React.useState(false);
  const { label, detail, mod } =
    state.status === 'checking'
      ? { label: trans.__('Connecting…'), detail: trans.__('Connecting to the mlnb service…'), mod: '' }
      : state.status === 'connected'
        ? {
            label: trans.__('Connected'),
            detail: trans.__(
              'mlnb %1 · store: %2 (%3)',
              state.health.version,
              state.health.store.location,
              state.health.store.engine
            ),
            mod: CSS.connected
          }
        : { label: trans.__('Not connected'), detail: state.message, mod: CSS.error };
  return (
    <div className={`${CSS.root} ${mod}`} role={state.status === 'error' ? 'alert' : 'status'}>
      <button className={CSS.status} title={detail} aria-expanded={open} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {state.status === 'error' && (
        <Button onClick={props.onRetry} minimal small>
          {trans.__('Retry')}
        </Button>
      )}
      {open && <div className={CSS.detail}>{detail}</div>}
    </div>
  );
}
