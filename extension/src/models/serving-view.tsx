import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Table } from '../components';
import { formatNumber, formatTime } from '../experiments/format';
import { IModelRecord, IModelServing } from './types';

export const SERVING_CSS = {
  root: 'jp-mlnb-Models-serving',
  server: 'jp-mlnb-Models-server',
  drift: 'jp-mlnb-Models-drift',
  live: 'jp-mlnb-Models-live'
} as const;

/**
 * Below a model's versions: the servers answering for it (`mlnb models serve`), the drift of
 * what they were sent against the training data, the predictions over time and the live
 * metrics from feedback beside the offline evaluation. Text only; values are rendered by React
 * (escaped), never as HTML.
 */
export function ServingSection(props: {
  record: IModelRecord;
  serving: IModelServing;
  trans: TranslationBundle;
}): JSX.Element {
  const { record, serving, trans } = props;
  const { monitor } = serving;
  const offline = (version: number, key: string) =>
    record.versions.find(v => v.version === version)?.evaluation?.metrics[key.replace(/^live_/, '')] ?? null;
  return (
    <section className={SERVING_CSS.root} aria-label={trans.__('Serving of %1', record.name)}>
      <h4>{trans.__('Serving')}</h4>
      {serving.servers.length === 0 ? (
        <div>{trans.__('Not served now: mlnb models serve %1@production', record.name)}</div>
      ) : (
        <ul>
          {serving.servers.map(s => (
            <li key={s.address} className={SERVING_CSS.server}>
              {trans.__('v%1 (%2) at %3', s.version, s.following ?? s.stage, s.address)}
              {' · '}
              {trans.__('since %1', formatTime(s.startedAt))}
              {s.shadow &&
                ` · ${trans.__(
                  'shadow v%1 agrees on %2 of %3 rows',
                  s.shadow.version,
                  s.shadow.agreement === null ? '—' : `${(s.shadow.agreement * 100).toFixed(1)}%`,
                  s.shadow.compared
                )}`}
            </li>
          ))}
        </ul>
      )}
      {monitor.requests === null ? (
        <div>{trans.__('No requests logged yet.')}</div>
      ) : (
        <div className={`${SERVING_CSS.drift}${monitor.alert ? ' jp-mod-drifted' : ''}`}>
          <div>
            {trans.__(
              'Drift of %1 (%2 rows) against %3: max PSI %4',
              monitor.requests,
              monitor.rows,
              monitor.training ?? trans.__('no training data found'),
              formatNumber(monitor.maxPsi)
            )}
          </div>
          <Table columns={[trans.__('feature'), trans.__('PSI'), trans.__('mean shift (SD)')]}>
            {monitor.features.map(f => (
              <tr
                key={f.feature}
                className={f.drifted ? 'jp-mod-drifted' : undefined}
                data-feature={f.feature}
              >
                <td>{f.feature}</td>
                <td>{f.psi === null ? '—' : formatNumber(f.psi)}</td>
                <td>{f.meanShiftStd === null ? '—' : formatNumber(f.meanShiftStd)}</td>
              </tr>
            ))}
          </Table>
          <ul aria-label={trans.__('Predictions over time')}>
            {monitor.predictions.map(p => (
              <li key={p.dataset}>
                {formatTime(p.at)} · {trans.__('%1 rows', p.rows)} ·{' '}
                {Object.entries(p.shares)
                  .map(([label, share]) => `${label} ${(share * 100).toFixed(0)}%`)
                  .join(', ') || (p.mean === null ? '' : trans.__('mean %1', formatNumber(p.mean)))}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ul className={SERVING_CSS.live} aria-label={trans.__('Live metrics')}>
        {latestLive(monitor.live).map(p => (
          <li key={`${p.version} ${p.key}`}>
            {trans.__(
              'v%1: %2 %3 over %4 labels (offline %5)',
              p.version,
              p.key.replace(/_/g, ' '),
              formatNumber(p.value),
              p.count,
              offline(p.version, p.key) === null ? '—' : formatNumber(offline(p.version, p.key)!)
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The newest point of each version's live series. */
function latestLive(live: IModelServing['monitor']['live']): IModelServing['monitor']['live'] {
  const newest = new Map<string, IModelServing['monitor']['live'][number]>();
  live.forEach(p => newest.set(`${p.version} ${p.key}`, p));
  return [...newest.values()];
}
