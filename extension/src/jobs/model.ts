import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { JobsApi, problemOf } from '../api';
import { LiveQuery } from '../live';
import { IJob, isJobChange } from './types';

export interface IJobsState {
  jobs: IJob[];
  loading: boolean;
  error: string | null;
  /** Jobs with an action in flight (their buttons wait). */
  busy: ReadonlySet<string>;
}

/**
 * The jobs shown in the Jobs panel: listed from the service, and refreshed on the service's job
 * events only (run events, which come often while notebooks run, are ignored).
 */
export class JobsModel implements IDisposable {
  private _state: IJobsState = { jobs: [], loading: false, error: null, busy: new Set() };
  private readonly _changed = new Signal<this, IJobsState>(this);
  /** An action's refusal, shown until the next list arrives. */
  private actionError: string | null = null;
  private readonly list = new LiveQuery<IJob[]>({
    fetch: async () => (await JobsApi.list()).sort((a, b) => a.name.localeCompare(b.name)),
    isRelevant: isJobChange
  });

  constructor() {
    this.list.changed.connect((_, { value, loading, error }) => {
      this.update({
        jobs: value ?? [],
        loading,
        error: this.actionError ?? (error ? problemOf(error).message : null)
      });
    });
  }

  get state(): IJobsState {
    return this._state;
  }

  get changed(): ISignal<this, IJobsState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this.list.isDisposed;
  }

  /** Starts following the service's job events (when the panel is first shown). */
  startLive(): void {
    this.list.follow();
  }

  refresh(): Promise<void> {
    return this.list.refresh();
  }

  async setEnabled(job: IJob, enabled: boolean): Promise<void> {
    await this.act(job, () => JobsApi.update(job.id, { enabled }));
  }

  /** What the run started (an attempt, or a DAG run in Airflow); undefined when refused (said in the panel). */
  runNow(job: IJob): Promise<JobsApi.RunNowAnswer | undefined> {
    return this.act(job, () => JobsApi.runNow(job.id));
  }

  async remove(job: IJob): Promise<void> {
    await this.act(job, () => JobsApi.remove(job.id));
  }

  dispose(): void {
    if (!this.list.isDisposed) {
      this.list.dispose();
      Signal.clearData(this);
    }
  }

  /** Runs an action on a job; a refusal shows in the panel; the list refreshes either way. */
  private async act<T>(job: IJob, action: () => Promise<T>): Promise<T | undefined> {
    this.update({ busy: new Set([...this._state.busy, job.id]) });
    let error: string | null = null;
    let result: T | undefined;
    try {
      result = await action();
    } catch (reason) {
      error = `${job.name}: ${problemOf(reason).message}`;
    }
    const busy = new Set(this._state.busy);
    busy.delete(job.id);
    this.update({ busy });
    this.actionError = null;
    await this.refresh();
    if (error) {
      this.actionError = error;
      this.update({ error });
    }
    return result;
  }

  private update(change: Partial<IJobsState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
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
