import { ChangeEvent, JobsApi } from '../api';
import { ILiveState, LiveQuery } from '../live';
import { IActionsState, LiveActionsModel } from './actions-model';
import { IJob, isJobChange } from './types';

export interface IJobsState extends IActionsState {
  jobs: IJob[];
  loading: boolean;
}

/**
 * The jobs shown in the Jobs panel: listed from the service, and refreshed on the service's job
 * events only (run events, which come often while notebooks run, are ignored).
 */
export class JobsModel extends LiveActionsModel<IJobsState, IJob[]> {
  constructor() {
    super({ jobs: [], loading: false, error: null, busy: new Set() });
  }

  async setEnabled(job: IJob, enabled: boolean): Promise<void> {
    await this.act(job.id, job.name, () => JobsApi.update(job.id, { enabled }));
  }

  /** What the run started (an attempt, or a DAG run in Airflow); undefined when refused (said in the panel). */
  runNow(job: IJob): Promise<JobsApi.RunNowAnswer | undefined> {
    return this.act(job.id, job.name, () => JobsApi.runNow(job.id));
  }

  async remove(job: IJob): Promise<void> {
    await this.act(job.id, job.name, () => JobsApi.remove(job.id));
  }

  protected async fetch(): Promise<IJob[]> {
    return (await JobsApi.list()).sort((a, b) => a.name.localeCompare(b.name));
  }

  protected isRelevant(event: ChangeEvent): boolean {
    return isJobChange(event);
  }

  protected fromLive({ value, loading, error }: ILiveState<IJob[]>): Partial<IJobsState> {
    return { jobs: value ?? [], loading, error: this.errorToShow(error) };
  }
}

/** A job with its history, newest attempt first (and, on Airflow, its DAG runs' tries). */
export interface IJobHistory extends JobsApi.IHistory {
  job: IJob;
}

/** One job's history, live through its job events; `deleted` once the job is gone. */
export class JobHistoryModel extends LiveQuery<IJobHistory> {
  private _deleted = false;

  constructor(readonly jobId: string) {
    super({
      fetch: async () => {
        const [job, history] = await Promise.all([JobsApi.get(jobId), JobsApi.history(jobId)]);
        return { job, ...history };
      },
      isRelevant: event => isJobChange(event) && event.id === jobId
    });
    this.events.connect((_, event) => {
      this._deleted = event.type === 'job-deleted';
    });
  }

  get deleted(): boolean {
    return this._deleted;
  }
}
