import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { requestService, ServiceError } from '../api';
import { subscribeToChanges } from '../live';
import {
  IAttempt,
  IDeclaredParameter,
  IJob,
  IJobSchedule,
  IJobSettings,
  isJobChange,
  ISchedulePreview,
  JobChange
} from './types';

/** Live changes are batched: at most one refresh per this many ms. */
const REFRESH_MS = 300;

/** The jobs endpoints of the mlnb service (kernel-helpers/src/server/routes/jobs.ts). */
export namespace JobsApi {
  const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });

  export async function list(): Promise<IJob[]> {
    return (await requestService<{ jobs: IJob[] }>('api/jobs')).jobs;
  }

  export function get(id: string): Promise<IJob> {
    return requestService<IJob>(`api/jobs/${id}`);
  }

  /** `notebook` is the notebook's path in the Jupyter contents (the service's root). */
  export function create(body: IJobSettings & { notebook: string; name: string }): Promise<IJob> {
    return requestService<IJob>('api/jobs', json('POST', body));
  }

  export function update(id: string, change: Partial<IJobSettings> & { enabled?: boolean }): Promise<IJob> {
    return requestService<IJob>(`api/jobs/${id}`, json('PATCH', change));
  }

  export function remove(id: string): Promise<void> {
    return requestService<void>(`api/jobs/${id}`, { method: 'DELETE' });
  }

  export function runNow(id: string): Promise<{ attempt: IAttempt }> {
    return requestService<{ attempt: IAttempt }>(`api/jobs/${id}/run`, { method: 'POST' });
  }

  export async function history(id: string, limit = 100): Promise<IAttempt[]> {
    return (await requestService<{ attempts: IAttempt[] }>(`api/jobs/${id}/history?limit=${limit}`)).attempts;
  }

  /** What the job's snapshot declares: what an edit may set. */
  export async function jobParameters(id: string): Promise<IDeclaredParameter[]> {
    return (await requestService<{ parameters: IDeclaredParameter[] }>(`api/jobs/${id}/parameters`))
      .parameters;
  }

  export function previewSchedule(schedule: IJobSchedule): Promise<ISchedulePreview> {
    return requestService<ISchedulePreview>('api/jobs/preview-schedule', json('POST', schedule));
  }

  export async function notebookParameters(path: string): Promise<IDeclaredParameter[]> {
    const query = new URLSearchParams({ path });
    return (await requestService<{ parameters: IDeclaredParameter[] }>(`api/notebook-parameters?${query}`))
      .parameters;
  }

  /** What the service said, for people (its own words, without the HTTP status prefix). */
  export function problemOf(error: unknown): { message: string; field?: string; status?: number } {
    if (error instanceof ServiceError) {
      const said = error.body?.error;
      return {
        message: typeof said === 'string' ? said : error.message,
        field: typeof error.body?.field === 'string' ? error.body.field : undefined,
        status: error.status
      };
    }
    return { message: (error as Error).message };
  }
}

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
  private readonly _jobChanged = new Signal<this, JobChange>(this);
  private live: IDisposable | null = null;
  private refreshTimer: number | undefined;
  private generation = 0;
  private _isDisposed = false;

  get state(): IJobsState {
    return this._state;
  }

  get changed(): ISignal<this, IJobsState> {
    return this._changed;
  }

  /** Each job event, for the history views (one event stream for all of them). */
  get jobChanged(): ISignal<this, JobChange> {
    return this._jobChanged;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Starts following the service's job events (when the panel or a history is first shown). */
  startLive(): void {
    this.live ??= subscribeToChanges<{ type?: unknown }>(event => {
      if (isJobChange(event)) {
        this._jobChanged.emit(event);
        this.scheduleRefresh();
      }
    });
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.update({ loading: true });
    try {
      const jobs = await JobsApi.list();
      if (generation === this.generation) {
        jobs.sort((a, b) => a.name.localeCompare(b.name));
        this.update({ jobs, loading: false, error: null });
      }
    } catch (error) {
      if (generation === this.generation) {
        this.update({ loading: false, error: JobsApi.problemOf(error).message });
      }
    }
  }

  setEnabled(job: IJob, enabled: boolean): Promise<void> {
    return this.act(job, () => JobsApi.update(job.id, { enabled }));
  }

  runNow(job: IJob): Promise<void> {
    return this.act(job, () => JobsApi.runNow(job.id));
  }

  remove(job: IJob): Promise<void> {
    return this.act(job, () => JobsApi.remove(job.id));
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this.live?.dispose();
    window.clearTimeout(this.refreshTimer);
    Signal.clearData(this);
  }

  /** Runs an action on a job; a refusal shows in the panel; the list refreshes either way. */
  private async act(job: IJob, action: () => Promise<unknown>): Promise<void> {
    this.update({ busy: new Set([...this._state.busy, job.id]) });
    let error: string | null = null;
    try {
      await action();
    } catch (reason) {
      error = `${job.name}: ${JobsApi.problemOf(reason).message}`;
    }
    const busy = new Set(this._state.busy);
    busy.delete(job.id);
    this.update({ busy });
    await this.refresh();
    if (error) {
      this.update({ error });
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer === undefined) {
      this.refreshTimer = window.setTimeout(() => {
        this.refreshTimer = undefined;
        void this.refresh();
      }, REFRESH_MS);
    }
  }

  private update(change: Partial<IJobsState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
