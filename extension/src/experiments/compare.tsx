import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { MetricChart } from './chart';
import { compareRuns } from './comparison';
import { formatNumber } from './format';
import { PinButton } from './pin-button';
import { MetricPins, pinnedFirst } from './pins';
import { ParallelCoordinates } from './parallel';
import { IRunRecord } from './types';

/** Two or more runs compared in the main area: a table and the metric curves overlaid. */
export class RunComparisonWidget extends ReactWidget {
  private runs: IRunRecord[] | null = null;
  private error: string | null = null;

  /** `runs`: the runs `ids` name, as they load. */
  constructor(
    private readonly ids: string[],
    runs: Promise<IRunRecord[]>,
    private readonly trans: TranslationBundle,
    private readonly pins: MetricPins
  ) {
    super();
    pins.changed.connect(this.update, this);
    this.id = `jp-mlnb-compare-${ids.map(id => id.slice(0, 6)).join('-')}`;
    this.addClass('jp-mlnb-RunDetail');
    this.addClass('jp-mlnb-Compare');
    this.title.label = trans.__('Compare %1 runs', ids.length);
    this.title.closable = true;
    void runs
      .then(loaded => (this.runs = loaded))
      .catch(error => (this.error = (error as Error).message))
      .then(() => this.update());
  }

  protected render(): JSX.Element {
    if (this.error) {
      return <div role="alert">{this.error}</div>;
    }
    if (!this.runs) {
      return <div>{this.trans.__('Loading %1 runs…', this.ids.length)}</div>;
    }
    const runs = this.runs;
    // A pin here pins the metric in every compared run's experiment; shown as the first run's.
    const experiments = runs.map(r => r.experiment);
    const pinned = this.pins.get(experiments[0]);
    const rows = compareRuns(runs);
    const metricRows = rows.filter(row => row.kind === 'metric');
    const orderedRows = [
      ...rows.filter(row => row.kind === 'param'),
      ...pinnedFirst(
        metricRows.map(row => row.key),
        pinned
      ).map(key => metricRows.find(row => row.key === key)!)
    ];
    const curves = pinnedFirst([...new Set(runs.flatMap(r => Object.keys(r.metrics)))].sort(), pinned).filter(
      key => runs.filter(r => (r.metrics[key]?.length ?? 0) > 1).length >= 1
    );
    return (
      <div className="jp-mlnb-RunDetail-body">
        <h1>{this.trans.__('Compare %1 runs', runs.length)}</h1>
        <table className="jp-mlnb-Compare-table">
          <thead>
            <tr>
              <th />
              {runs.map(run => (
                <th key={run.id} title={run.id}>
                  {run.name}
                </th>
              ))}
              {runs.length === 2 && <th>{this.trans.__('Δ (2nd − 1st)')}</th>}
            </tr>
          </thead>
          <tbody>
            {orderedRows.map(row => (
              <tr key={`${row.kind}:${row.key}`} className={row.differs ? 'jp-mod-different' : ''}>
                <th>
                  {row.kind === 'metric' && (
                    <PinButton
                      metric={row.key}
                      pinned={pinned.includes(row.key)}
                      trans={this.trans}
                      onChange={on => this.pins.setPinned(experiments, row.key, on)}
                    />
                  )}
                  {row.kind === 'param' ? 'params.' : 'metrics.'}
                  {row.key}
                  {row.bitwiseEqual && (
                    <span
                      className="jp-mlnb-Compare-bitwise"
                      title={this.trans.__('Every point bitwise equal in every run')}
                    >
                      {' ≡'}
                    </span>
                  )}
                </th>
                {row.values.map((value, i) => (
                  <td key={runs[i].id}>{value ?? '—'}</td>
                ))}
                {runs.length === 2 && (
                  <td className="jp-mlnb-Compare-delta">
                    {row.delta === undefined || row.delta === null
                      ? ''
                      : `${row.delta > 0 ? '+' : ''}${formatNumber(row.delta)}`}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {runs.length >= 3 && <ParallelCoordinates runs={runs} />}
        {curves.map(key => (
          <MetricChart
            key={key}
            title={key}
            series={runs
              .filter(run => run.metrics[key]?.length)
              .map(run => ({
                name: run.name,
                steps: run.metrics[key].map(p => p.step),
                values: run.metrics[key].map(p => p.value)
              }))}
          />
        ))}
      </div>
    );
  }
}
