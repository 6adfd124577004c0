import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Alert, liveView } from '../components';
import { IncidentBadge } from '../health/badge';
import type { OpenIncidentsModel } from '../health/incidents';
import { formatTime } from '../experiments/format';
import { IJobsState, JobsModel } from './model';
import { IJob } from './types';

export const CSS = {
  root: 'jp-mlnb-Jobs',
  error: 'jp-mlnb-Jobs-error',
  empty: 'jp-mlnb-Jobs-empty',
  list: 'jp-mlnb-Jobs-list',
  row: 'jp-mlnb-Jobs-row',
  name: 'jp-mlnb-Jobs-name',
  status: 'jp-mlnb-Jobs-status',
  meta: 'jp-mlnb-Jobs-meta',
  actions: 'jp-mlnb-Jobs-actions',
  engine: 'jp-mlnb-Jobs-engine',
  dagLink: 'jp-mlnb-Jobs-dagLink'
} as const;

const ENGINE_NAMES = { mlnb: 'mlnb', airflow: 'Airflow', kubernetes: 'Kubernetes', argo: 'Argo' } as const;

export interface IJobsViewProps {
  model: JobsModel;
  trans: TranslationBundle;
  onOpenHistory: (job: IJob) => void;
  onEdit: (job: IJob) => void;
  onDelete: (job: IJob) => void;
  /** Open incidents, for the badge on affected jobs. */
  incidents: OpenIncidentsModel | null;
}

/** The Jobs panel's body: every job with its schedule, next run, last status and actions. */
export const JobsView = liveView<IJobsViewProps>(JobsBody);

function JobsBody(props: IJobsViewProps & { state: IJobsState }): JSX.Element {
  const { state, trans } = props;
  return (
    <div className={CSS.root}>
      <Alert className={CSS.error} message={state.error} />
      {state.jobs.length === 0 ? (
        <div className={CSS.empty}>
          {state.loading
            ? trans.__('Loading jobs…')
            : trans.__(
                'No jobs yet: open a notebook on the TypeScript (mlnb) kernel and click Productionize.'
              )}
        </div>
      ) : (
        <ul className={CSS.list} aria-label={trans.__('Jobs')}>
          {state.jobs.map(job => (
            <JobRow key={job.id} {...props} job={job} busy={state.busy.has(job.id)} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** The status a row shows: the last attempt's, or that it never ran; "paused" wins. */
export function jobStatus(job: IJob, trans: TranslationBundle): { key: string; text: string } {
  if (job.activeAttempts > 0) {
    return { key: 'running', text: trans.__('running') };
  }
  const last = job.lastAttempt?.status;
  return last ? { key: last, text: trans.__(last) } : { key: 'never', text: trans.__('never run') };
}

/** When the job runs by itself: its schedule in words, a new version of its trigger dataset, or both. */
export function whenItRuns(job: IJob, trans: TranslationBundle): string {
  const dataset = job.onNewVersion?.dataset;
  if (!dataset) {
    return job.scheduleText ?? trans.__('Only when run by hand');
  }
  // Whole sentences to translate, not a phrase cut and capitalized.
  return job.scheduleText
    ? trans.__('%1 · when %2 gets a new version', job.scheduleText, dataset)
    : trans.__('When %1 gets a new version', dataset);
}

/** Runs a job now; a DAG run started in Airflow is said (an mlnb attempt shows in the row). */
async function runNow(job: IJob, model: JobsModel, trans: TranslationBundle): Promise<void> {
  const answer = await model.runNow(job);
  if (answer && 'airflow' in answer) {
    const { dagRunId, dagUrl } = answer.airflow;
    Notification.success(trans.__('%1: Airflow started the DAG run %2', job.name, dagRunId), {
      autoClose: 10_000,
      actions: [
        { label: trans.__('Open in Airflow'), callback: () => window.open(dagUrl, '_blank', 'noopener') }
      ]
    });
  }
}

function JobRow(props: IJobsViewProps & { job: IJob; busy: boolean }): JSX.Element {
  const { job, trans, model, busy } = props;
  const status = jobStatus(job, trans);
  const next = job.nextRuns[0];
  return (
    <li
      className={`${CSS.row}${job.enabled ? '' : ' jp-mod-paused'}`}
      data-job-id={job.id}
      aria-label={job.name}
    >
      <button
        className={CSS.name}
        title={trans.__('Show the history of %1', job.name)}
        onClick={() => props.onOpenHistory(job)}
      >
        {job.name}
      </button>
      <IncidentBadge incidents={props.incidents} kind="jobs" refId={job.name} trans={trans} />
      <span className={`${CSS.status} jp-mod-${status.key}`} title={trans.__('Last run')}>
        {status.text}
      </span>
      <div className={CSS.meta}>
        {whenItRuns(job, trans)}
        {job.enabled ? '' : ` · ${trans.__('paused')}`}
        {' · '}
        <span className={CSS.engine}>{trans.__('on %1', ENGINE_NAMES[job.engine])}</span>
        {job.airflowDagUrl && (
          <>
            {' · '}
            <a
              className={CSS.dagLink}
              href={job.airflowDagUrl}
              target="_blank"
              rel="noopener noreferrer"
              title={trans.__('Open the DAG %1 in Airflow', job.airflowDagUrl)}
            >
              {trans.__('DAG in Airflow')}
            </a>
          </>
        )}
      </div>
      <div className={CSS.meta}>
        {next ? trans.__('Next run: %1', formatTime(next)) : trans.__('Next run: —')}
        {job.lastAttempt?.startTime
          ? ` · ${trans.__('last: %1', formatTime(job.lastAttempt.startTime))}`
          : ''}
      </div>
      <div className={CSS.actions}>
        <button
          className="jp-mod-styled"
          disabled={busy}
          onClick={() => void model.setEnabled(job, !job.enabled)}
        >
          {job.enabled ? trans.__('Pause') : trans.__('Resume')}
        </button>
        <button className="jp-mod-styled" disabled={busy} onClick={() => void runNow(job, model, trans)}>
          {trans.__('Run now')}
        </button>
        <button className="jp-mod-styled" disabled={busy} onClick={() => props.onEdit(job)}>
          {trans.__('Edit')}
        </button>
        <button className="jp-mod-styled" onClick={() => props.onOpenHistory(job)}>
          {trans.__('History')}
        </button>
        <button className="jp-mod-styled jp-mod-warn" disabled={busy} onClick={() => props.onDelete(job)}>
          {trans.__('Delete')}
        </button>
      </div>
    </li>
  );
}
