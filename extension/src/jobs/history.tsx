import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';
import { Alert, Table } from '../components';
import { LiveDetailWidget } from '../detail-widget';
import { formatMilliseconds, formatTime } from '../experiments/format';
import { AirflowTries } from './airflow-tries';
import { jobStatus, whenItRuns } from './list';
import { problemOf } from '../api';
import { IJobHistory, JobHistoryModel } from './model';
import { IAttempt, IJob } from './types';

export const CSS = {
  root: 'jp-mlnb-Jobs-history',
  header: 'jp-mlnb-Jobs-historyHeader',
  table: 'jp-mlnb-Jobs-attempts',
  status: 'jp-mlnb-Jobs-status',
  gate: 'jp-mlnb-Jobs-gate',
  error: 'jp-mlnb-Jobs-error'
} as const;

export interface IJobHistoryActions {
  openExecutedNotebook: (job: IJob, attempt: IAttempt) => Promise<void>;
  openRun: (runId: string) => void;
  edit: (job: IJob) => void;
}

/** A job's history in the main area: each attempt, newest first, live through job events. */
export class JobHistoryWidget extends LiveDetailWidget<IJobHistory, JobHistoryModel> {
  /** An executed notebook that could not be opened, and why. */
  private openError: string | null = null;

  constructor(
    model: JobHistoryModel,
    private readonly trans: TranslationBundle,
    private readonly actions: IJobHistoryActions
  ) {
    super(model, {
      id: `jp-mlnb-job-${model.jobId}`,
      classes: [CSS.root],
      label: trans.__('Job %1', model.jobId.slice(0, 8))
    });
  }

  get jobId(): string {
    return this.model.jobId;
  }

  protected render(): JSX.Element {
    const { trans } = this;
    const { value, error } = this.model.state;
    if (this.model.deleted || error) {
      return (
        <div role="alert" className={CSS.error}>
          {this.model.deleted ? trans.__('This job was deleted.') : problemOf(error).message}
        </div>
      );
    }
    if (!value) {
      return <div>{trans.__('Loading the job…')}</div>;
    }
    const { job, attempts, airflow } = value;
    const status = jobStatus(job, trans);
    return (
      <div>
        <header className={CSS.header}>
          <h1>{job.name}</h1>
          <div>
            {job.notebook.path} · {whenItRuns(job, trans)}
            {job.enabled ? '' : ` · ${trans.__('paused')}`} ·{' '}
            <span className={`${CSS.status} jp-mod-${status.key}`}>{status.text}</span>
          </div>
          <div>
            {Object.keys(job.parameters).length > 0 &&
              trans.__(
                'Parameters: %1',
                Object.entries(job.parameters)
                  .map(([k, p]) => `${k} = ${JSON.stringify(p.value)}`)
                  .join(', ')
              )}
          </div>
          <Button minimal onClick={() => this.actions.edit(job)}>
            {trans.__('Edit')}
          </Button>
        </header>
        <Alert className={CSS.error} message={this.openError} />
        {airflow && (
          <AirflowTries record={airflow} trans={trans} onOpenRun={runId => this.actions.openRun(runId)} />
        )}
        {airflow && attempts.length > 0 && <h2>{trans.__("mlnb's scheduler")}</h2>}
        {attempts.length === 0 ? (
          !airflow && <div>{trans.__('No runs yet.')}</div>
        ) : (
          <Table
            className={CSS.table}
            columns={[
              trans.__('Slot'),
              trans.__('Trigger'),
              trans.__('Attempt'),
              trans.__('Status'),
              trans.__('Duration'),
              trans.__('Gates'),
              trans.__('Error'),
              trans.__('Output')
            ]}
          >
            {attempts.map(attempt => (
              <AttemptRow
                key={attempt.id}
                attempt={attempt}
                trans={trans}
                onOpenNotebook={() => void this.openNotebook(job, attempt)}
                onOpenRun={runId => this.actions.openRun(runId)}
              />
            ))}
          </Table>
        )}
      </div>
    );
  }

  protected nameTab({ job }: IJobHistory): void {
    this.title.label = this.trans.__('Job: %1', job.name);
    this.title.caption = job.notebook.path;
  }

  private async openNotebook(job: IJob, attempt: IAttempt): Promise<void> {
    this.openError = null;
    try {
      await this.actions.openExecutedNotebook(job, attempt);
    } catch (error) {
      this.openError = this.trans.__('The executed notebook cannot be opened: %1', (error as Error).message);
    }
    this.update();
  }
}

function AttemptRow(props: {
  attempt: IAttempt;
  trans: TranslationBundle;
  onOpenNotebook: () => void;
  onOpenRun: (runId: string) => void;
}): JSX.Element {
  const { attempt, trans } = props;
  const due =
    attempt.status === 'waiting' && attempt.dueAt
      ? ` (${trans.__('due %1', formatTime(attempt.dueAt))})`
      : '';
  return (
    <tr data-attempt-id={attempt.id} className={`jp-mod-${attempt.status}`}>
      <td>{formatTime(attempt.slot)}</td>
      <td>{triggerOf(attempt, trans)}</td>
      <td>{attempt.attempt === 0 ? '—' : attempt.attempt}</td>
      <td>
        <span className={`${CSS.status} jp-mod-${attempt.status}`}>{trans.__(attempt.status)}</span>
        {due}
      </td>
      <td>{attempt.durationMs === null ? '—' : formatMilliseconds(attempt.durationMs)}</td>
      <td>
        {attempt.gateResults.map(gate => (
          <div
            key={gate.gate}
            className={`${CSS.gate} ${gate.ok ? 'jp-mod-ok' : 'jp-mod-failed'}`}
            title={gate.reason ?? ''}
          >
            {gate.ok ? '✓' : '✗'} {gate.gate}
            {gate.observed !== null ? ` (${Number(gate.observed.toPrecision(6))})` : ''}
          </div>
        ))}
      </td>
      <td className={CSS.error}>{attempt.error ?? ''}</td>
      <td>
        {attempt.runId && attempt.executedNotebook && (
          <Button minimal onClick={props.onOpenNotebook}>
            {trans.__('Executed notebook')}
          </Button>
        )}
        {attempt.runId && (
          <Button minimal onClick={() => props.onOpenRun(attempt.runId!)}>
            {trans.__('Tracked run')}
          </Button>
        )}
      </td>
    </tr>
  );
}

/** What started an attempt: by hand, the schedule, or a dataset's new version (NAME@VERSION). */
function triggerOf(attempt: IAttempt, trans: TranslationBundle): string {
  switch (attempt.trigger) {
    case 'manual':
      return trans.__('by hand');
    case 'dataset':
      return trans.__('new data: %1', attempt.datasetVersion ?? '?');
    default:
      return trans.__('schedule');
  }
}
