import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

/** The pin beside a metric: pinned metrics are the ones the run list shows, and come first. */
export function PinButton(props: {
  metric: string;
  pinned: boolean;
  trans: TranslationBundle;
  onChange: (pinned: boolean) => void;
}): JSX.Element {
  const { metric, pinned, trans } = props;
  return (
    <button
      className={`jp-mlnb-Pin${pinned ? ' jp-mod-pinned' : ''}`}
      aria-pressed={pinned}
      aria-label={pinned ? trans.__('Unpin %1', metric) : trans.__('Pin %1', metric)}
      title={
        pinned
          ? trans.__('Unpin: the run list stops showing %1', metric)
          : trans.__('Pin: the run list shows %1', metric)
      }
      onClick={() => props.onChange(!pinned)}
    >
      {pinned ? '★' : '☆'}
    </button>
  );
}
