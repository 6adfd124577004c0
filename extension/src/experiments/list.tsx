import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Alert, liveView } from '../components';
import { IncidentBadge } from '../health/badge';
import type { OpenIncidentsModel } from '../health/incidents';
import { formatDuration, formatNumber, formatTime } from './format';
import { IRunsState, RunsModel } from './model';
import { MetricPins } from './pins';
import { IRunSummary } from './types';

export const CSS = {
  root: 'jp-mlnb-Runs',
  toolbar: 'jp-mlnb-Runs-toolbar',
  input: 'jp-mlnb-Runs-input',
  error: 'jp-mlnb-Runs-error',
  list: 'jp-mlnb-Runs-list',
  row: 'jp-mlnb-Runs-row',
  status: 'jp-mlnb-Runs-status',
  name: 'jp-mlnb-Runs-name',
  meta: 'jp-mlnb-Runs-meta',
  metrics: 'jp-mlnb-Runs-metrics',
  empty: 'jp-mlnb-Runs-empty',
  select: 'jp-mlnb-Runs-select',
  selection: 'jp-mlnb-Runs-selection'
} as const;

const ROW_HEIGHT = 52;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 8;

export interface IRunsViewProps {
  model: RunsModel;
  trans: TranslationBundle;
  onOpen: (run: IRunSummary) => void;
  onCompare: (ids: string[]) => void;
  onExport: (ids: string[], format: 'csv' | 'json') => void;
  /** The active notebook's path, or null: the "this notebook" scope needs one. */
  notebookPath: () => string | null;
  /** The metrics each row shows: those pinned in its experiment. */
  pins: MetricPins;
  /** Open incidents, for the badge on affected runs. */
  incidents: OpenIncidentsModel | null;
}

/** The Experiments panel's body: scope, search, filter, sort and the live list of runs. */
export const RunsView = liveView<IRunsViewProps>(RunsBody);

function RunsBody(props: IRunsViewProps & { state: IRunsState }): JSX.Element {
  const { model, trans, state } = props;
  const [filter, setFilter] = React.useState(state.query.filter);
  const [text, setText] = React.useState(state.query.text);
  React.useEffect(() => {
    const timer = window.setTimeout(() => text !== state.query.text && model.setQuery({ text }), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const metricKeys = [...new Set(state.runs.flatMap(r => Object.keys(r.latestMetrics)))].sort();
  const filterError = state.error?.column !== undefined ? state.error : null;
  return (
    <div className={CSS.root}>
      <div className={CSS.toolbar}>
        <select
          aria-label={trans.__('Which runs')}
          value={state.query.experiment === null ? 'all' : 'notebook'}
          onChange={event =>
            model.setQuery({ experiment: event.target.value === 'all' ? null : (props.notebookPath() ?? '') })
          }
        >
          <option value="notebook">{trans.__('This notebook')}</option>
          <option value="all">{trans.__('All experiments')}</option>
        </select>
        <select
          aria-label={trans.__('Sort by')}
          value={state.query.orderBy}
          onChange={event => model.setQuery({ orderBy: event.target.value })}
        >
          <option value="">{trans.__('Newest first')}</option>
          <option value="start_time ASC">{trans.__('Oldest first')}</option>
          <option value="name ASC">{trans.__('Name')}</option>
          {metricKeys.flatMap(key => [
            <option key={`${key}-d`} value={`metrics.${key} DESC`}>{`${key} ↓`}</option>,
            <option key={`${key}-a`} value={`metrics.${key} ASC`}>{`${key} ↑`}</option>
          ])}
        </select>
        <input
          className={CSS.input}
          type="search"
          placeholder={trans.__('Search names and tags')}
          aria-label={trans.__('Search runs')}
          value={text}
          onChange={event => setText(event.target.value)}
        />
        <input
          className={`${CSS.input}${filterError ? ' jp-mod-error' : ''}`}
          placeholder={trans.__('Filter, e.g. metrics.val_acc > 0.9 and params.lr = 0.01')}
          aria-label={trans.__('Filter expression')}
          aria-invalid={filterError !== null}
          value={filter}
          onChange={event => setFilter(event.target.value)}
          onKeyDown={event => event.key === 'Enter' && model.setQuery({ filter })}
          onBlur={() => filter !== state.query.filter && model.setQuery({ filter })}
        />
      </div>
      {state.selected.size > 0 && <SelectionBar {...props} />}
      <Alert className={CSS.error} message={state.error?.message} />
      <RunList {...props} />
    </div>
  );
}

function SelectionBar(props: IRunsViewProps & { state: IRunsState }): JSX.Element {
  const { trans, state, model } = props;
  const ids = [...state.selected];
  return (
    <div className={CSS.selection}>
      <span>{trans._n('%1 run selected', '%1 runs selected', ids.length)}</span>
      <button className="jp-mod-styled" disabled={ids.length < 2} onClick={() => props.onCompare(ids)}>
        {trans.__('Compare')}
      </button>
      <button className="jp-mod-styled" onClick={() => props.onExport(ids, 'csv')}>
        CSV
      </button>
      <button className="jp-mod-styled" onClick={() => props.onExport(ids, 'json')}>
        JSON
      </button>
      <button className="jp-mod-styled" onClick={() => model.clearSelection()}>
        {trans.__('Clear')}
      </button>
    </div>
  );
}

function RunList(props: IRunsViewProps & { state: IRunsState }): JSX.Element {
  const { state, trans, model } = props;
  const [scrollTop, setScrollTop] = React.useState(0);
  const [height, setHeight] = React.useState(400);
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const node = ref.current;
    if (!node) {
      return;
    }
    const observer = new ResizeObserver(() => setHeight(node.clientHeight || 400));
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  // Rows show their experiment's pins: redrawn when they change, defaults asked of the newest run.
  const [, setPinsVersion] = React.useState(0);
  React.useEffect(() => {
    const redraw = () => setPinsVersion(v => v + 1);
    props.pins.changed.connect(redraw);
    return () => void props.pins.changed.disconnect(redraw);
  }, [props.pins]);
  React.useEffect(() => {
    const newest = new Map<string, IRunSummary>();
    for (const run of state.runs) {
      const seen = newest.get(run.experiment);
      if (!seen || run.startTime > seen.startTime) {
        newest.set(run.experiment, run);
      }
    }
    newest.forEach((run, experiment) => props.pins.ensureDefault(experiment, run.id));
  }, [state.runs]);
  if (state.runs.length === 0) {
    return (
      <div className={CSS.empty}>
        {state.loading
          ? trans.__('Loading runs…')
          : state.error
            ? ''
            : trans.__('No runs yet: run a cell on the TypeScript (mlnb) kernel.')}
      </div>
    );
  }
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(state.runs.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const onScroll = (event: React.UIEvent<HTMLDivElement>) => {
    const node = event.currentTarget;
    setScrollTop(node.scrollTop);
    if (state.hasMore && node.scrollTop + node.clientHeight > node.scrollHeight - ROW_HEIGHT * 10) {
      void model.loadMore();
    }
  };
  return (
    <div className={CSS.list} ref={ref} onScroll={onScroll} role="list" aria-label={trans.__('Runs')}>
      <div style={{ height: state.runs.length * ROW_HEIGHT, position: 'relative' }}>
        {state.runs.slice(first, last).map((run, i) => (
          <RunRow
            key={run.id}
            run={run}
            top={(first + i) * ROW_HEIGHT}
            showExperiment={state.query.experiment === null}
            onOpen={props.onOpen}
            selected={state.selected.has(run.id)}
            onSelect={() => model.toggleSelected(run.id)}
            pins={props.pins.get(run.experiment)}
            incidents={props.incidents}
            trans={trans}
          />
        ))}
      </div>
    </div>
  );
}

function RunRow(props: {
  run: IRunSummary;
  top: number;
  showExperiment: boolean;
  onOpen: (run: IRunSummary) => void;
  selected: boolean;
  onSelect: () => void;
  pins: string[];
  incidents: OpenIncidentsModel | null;
  trans: TranslationBundle;
}) {
  const { run } = props;
  const metrics = props.pins.filter(k => k in run.latestMetrics).map(k => [k, run.latestMetrics[k]] as const);
  return (
    <div
      className={`${CSS.row} jp-mod-${run.status}`}
      role="listitem"
      tabIndex={0}
      data-run-id={run.id}
      style={{ top: props.top, height: ROW_HEIGHT }}
      onClick={() => props.onOpen(run)}
      onKeyDown={event => event.key === 'Enter' && props.onOpen(run)}
      title={run.experiment}
    >
      <span className={CSS.status} title={run.status} />
      <input
        className={CSS.select}
        type="checkbox"
        checked={props.selected}
        aria-label={`Select ${run.name}`}
        onClick={event => event.stopPropagation()}
        onChange={props.onSelect}
      />
      <div className={CSS.name}>
        {run.name}
        <IncidentBadge incidents={props.incidents} kind="runs" refId={run.id} trans={props.trans} />
      </div>
      <div className={CSS.meta}>
        {props.showExperiment ? `${run.experiment} · ` : ''}
        {formatTime(run.startTime)} · {formatDuration(run.startTime, run.endTime)}
        {run.status === 'running' ? '' : ` · ${run.status}`}
      </div>
      <div className={CSS.metrics}>{metrics.map(([k, v]) => `${k} ${formatNumber(v)}`).join('  ')}</div>
    </div>
  );
}
