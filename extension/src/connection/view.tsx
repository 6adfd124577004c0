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

function StateView(props: { state: ConnectionState; trans: TranslationBundle; onRetry: () => void }) {
  const { state, trans } = props;
  switch (state.status) {
    case 'checking':
      return (
        <div className={CSS.root} role="status">
          <div className={CSS.status}>{trans.__('Connecting to the mlnb service…')}</div>
        </div>
      );
    case 'connected':
      return (
        <div className={`${CSS.root} ${CSS.connected}`} role="status">
          <div className={CSS.status}>{trans.__('Connected')}</div>
          <div className={CSS.detail}>{trans.__('mlnb %1', state.health.version)}</div>
          <div className={CSS.detail} title={state.health.store.location}>
            {trans.__('store: %1 (%2)', state.health.store.location, state.health.store.engine)}
          </div>
        </div>
      );
    case 'error':
      return (
        <div className={`${CSS.root} ${CSS.error}`} role="alert">
          <div className={CSS.status}>{trans.__('Not connected')}</div>
          <div className={CSS.detail}>{state.message}</div>
          <Button onClick={props.onRetry} minimal>
            {trans.__('Retry')}
          </Button>
        </div>
      );
  }
}
