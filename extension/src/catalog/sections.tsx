import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { IRecordViewProps, Table } from '../components';
import { loadPlotly } from '../plotly/load';
import type { Data, Layout } from 'plotly.js';
// The chart builder is shared with the kernel's `%hist`: a pure module with type-only imports.
import { columnChart, noteAnnotation } from 'mlnb/dist/catalog/figure';
import { ColumnType, IDatasetRecord, IHistogram, IVersionDiff } from './types';

/** Parts of the dataset detail view: schema and statistics, histograms, versions, lineage. */

const formatValue = (value: number | string | undefined): string =>
  value === undefined ? '' : typeof value === 'number' ? String(Number(value.toPrecision(5))) : value;

/** Datetime statistics come as ISO strings (min, max) or epoch ms (quantiles): shown as dates. */
function formatTime(value: number | string | undefined): string {
  if (value === undefined) {
    return '';
  }
  const iso = new Date(value).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

const percent = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

export function SchemaTable(props: {
  record: IDatasetRecord;
  trans: TranslationBundle;
  onEditColumnNote: (column: string) => void;
}): JSX.Element {
  const { record, trans } = props;
  return (
    <div className="jp-mlnb-Dataset-scroll">
      <Table
        className="jp-mlnb-Dataset-schema"
        columns={[
          trans.__('Column'),
          trans.__('Type'),
          trans.__('Missing'),
          trans.__('Distinct'),
          trans.__('Min'),
          trans.__('Mean'),
          trans.__('Std'),
          trans.__('Median'),
          trans.__('Max'),
          trans.__('Top'),
          trans.__('Note')
        ]}
      >
        {record.schema.map(column => {
          const s = record.statistics[column.name];
          const total = s.count + s.missing;
          const note = record.annotations.columnNotes[column.name];
          const show = column.type === 'datetime' ? formatTime : formatValue;
          return (
            <tr key={column.name} data-column={column.name}>
              <th>{column.name}</th>
              <td>{column.type}</td>
              <td>{percent(total ? s.missing / total : 0)}</td>
              <td>{`${s.distinct}${s.distinctExact ? '' : ' ≈'}`}</td>
              <td>{show(s.min)}</td>
              <td>{formatValue(s.mean)}</td>
              <td>{formatValue(s.std)}</td>
              <td>{show(s.quantiles?.p50)}</td>
              <td>{show(s.max)}</td>
              <td>
                {(s.top ?? [])
                  .slice(0, 3)
                  .map(t => `${t.value} (${t.count})`)
                  .join(', ')}
              </td>
              <td>
                <button
                  className="jp-mlnb-Dataset-note"
                  title={trans.__('Edit the note on %1', column.name)}
                  onClick={() => props.onEditColumnNote(column.name)}
                >
                  {note || '✎'}
                </button>
              </td>
            </tr>
          );
        })}
      </Table>
    </div>
  );
}

/**
 * One small Plotly chart of a column's histogram, built as `%hist` builds it (dates on a date
 * axis, categories as horizontal bars with "(other)" as a note).
 */
function HistogramChart(props: { column: string; type: ColumnType; histogram: IHistogram }): JSX.Element {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    let cancelled = false;
    const node = ref.current;
    const chart = columnChart(props.column, props.type, props.histogram);
    void loadPlotly().then(Plotly => {
      if (!cancelled && node) {
        void Plotly.react(
          node,
          [{ ...chart.trace, marker: { color: Private.brandColor() } } as Data],
          {
            title: { text: props.column, font: { size: 12 } },
            height: 180,
            margin: { l: 40, r: 10, t: 30, b: 30 },
            bargap: 0.05,
            xaxis: chart.xaxis,
            yaxis: chart.yaxis,
            annotations: chart.note ? [noteAnnotation(chart.note)] : []
          } as Partial<Layout>,
          { displaylogo: false, responsive: true, displayModeBar: false }
        );
      }
    });
    return () => {
      cancelled = true;
    };
  }, [props.column, props.type, props.histogram]);
  return <div className="jp-mlnb-Dataset-histogram" data-column={props.column} ref={ref} />;
}

export function Histograms(props: { record: IDatasetRecord }): JSX.Element {
  return (
    <div className="jp-mlnb-Dataset-histograms">
      {props.record.schema
        .filter(c => props.record.histograms[c.name])
        .map(c => (
          <HistogramChart
            key={c.name}
            column={c.name}
            type={c.type}
            histogram={props.record.histograms[c.name]}
          />
        ))}
    </div>
  );
}

/** The versions, and the statistics diff between any two of them. */
export function Versions(props: {
  record: IDatasetRecord;
  trans: TranslationBundle;
  onOpen: (version: number) => void;
  diff: (from: number, to: number) => Promise<IVersionDiff>;
}): JSX.Element {
  const { record, trans } = props;
  const older = record.versions.find(v => v.version < record.version)?.version ?? record.version;
  const [from, setFrom] = React.useState(older);
  const [to, setTo] = React.useState(record.version);
  const [diff, setDiff] = React.useState<IVersionDiff | string | null>(null);
  const compare = async () => {
    try {
      setDiff(await props.diff(from, to));
    } catch (error) {
      setDiff((error as Error).message);
    }
  };
  const picker = (value: number, set: (v: number) => void, label: string) => (
    <select aria-label={label} value={value} onChange={event => set(Number(event.target.value))}>
      {record.versions.map(v => (
        <option key={v.version} value={v.version}>
          {v.version}
        </option>
      ))}
    </select>
  );
  return (
    <div>
      <ul className="jp-mlnb-Dataset-versions">
        {record.versions.map(v => (
          <li key={v.version}>
            <a
              href="#"
              onClick={event => {
                event.preventDefault();
                props.onOpen(v.version);
              }}
            >
              {v.version === record.version ? <strong>@{v.version}</strong> : `@${v.version}`}
            </a>{' '}
            {trans._n('%1 row', '%1 rows', v.rows)} · {v.createdAt.slice(0, 16).replace('T', ' ')} ·{' '}
            {v.createdBy}
          </li>
        ))}
      </ul>
      {record.versions.length > 1 && (
        <div className="jp-mlnb-Dataset-compare">
          {trans.__('Compare')} {picker(from, setFrom, trans.__('From version'))} →{' '}
          {picker(to, setTo, trans.__('To version'))}{' '}
          <button className="jp-mod-styled" onClick={() => void compare()}>
            {trans.__('Show drift')}
          </button>
        </div>
      )}
      {typeof diff === 'string' && <div role="alert">{diff}</div>}
      {diff && typeof diff === 'object' && <DiffTable diff={diff} trans={trans} />}
    </div>
  );
}

function DiffTable(props: { diff: IVersionDiff; trans: TranslationBundle }): JSX.Element {
  const { diff, trans } = props;
  return (
    <Table
      className="jp-mlnb-Dataset-diff"
      caption={trans.__(
        'Version %1 (%2 rows) → %3 (%4 rows)',
        diff.from,
        diff.rowsFrom,
        diff.to,
        diff.rowsTo
      )}
      columns={[
        trans.__('Column'),
        trans.__('Change'),
        trans.__('Missing'),
        trans.__('Mean shift (SD)'),
        'PSI',
        trans.__('Category shares')
      ]}
    >
      {diff.columns.map(c => (
        <tr key={c.column} className={c.drifted ? 'jp-mod-drifted' : ''}>
          <th>{c.column}</th>
          <td>{c.change === 'retyped' ? `${c.typeFrom} → ${c.typeTo}` : c.change}</td>
          <td>
            {percent(c.missingFrom)} → {percent(c.missingTo)}
          </td>
          <td>{c.meanShiftStd === undefined ? '' : c.meanShiftStd.toFixed(3)}</td>
          <td>{c.psi === undefined ? '' : c.psi.toFixed(3)}</td>
          <td>
            {(c.shares ?? [])
              .filter(s => Math.abs(s.to - s.from) >= 0.01)
              .slice(0, 4)
              .map(s => `${s.value} ${percent(s.from)} → ${percent(s.to)}`)
              .join('; ')}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function Lineage(props: IRecordViewProps<IDatasetRecord>): JSX.Element {
  const { record, trans } = props;
  const link = (id: string, label: string) => (
    <a
      href="#"
      onClick={event => {
        event.preventDefault();
        props.onOpenRun(id);
      }}
    >
      {label}
    </a>
  );
  return (
    <div className="jp-mlnb-Dataset-lineage">
      <div>
        {trans.__('Produced by')}:{' '}
        {record.lineage.producedBy
          ? link(record.lineage.producedBy, record.lineage.producedBy.slice(0, 8))
          : '—'}
      </div>
      <div>{trans.__('Read by')}:</div>
      <ul>
        {record.lineage.readBy.map(r => (
          <li key={r.runId}>
            {link(r.runId, r.runName)} · {r.experiment} · {r.startTime.slice(0, 16).replace('T', ' ')}
          </li>
        ))}
        {record.lineage.readBy.length === 0 && <li>{trans.__('No run has loaded this version yet.')}</li>}
      </ul>
    </div>
  );
}

namespace Private {
  /** Plotly needs a colour value, not a CSS variable: the theme's brand colour, read once per chart. */
  export function brandColor(): string {
    return getComputedStyle(document.body).getPropertyValue('--jp-brand-color1').trim() || '#1976d2';
  }
}
