import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { PipelinesApi, PipelineView, problemOf } from '../api';
import { LiveQuery } from '../live';

export type IPipeline = PipelineView;

export interface IPipelinesState {
  pipelines: IPipeline[];
  error: string | null;
  /** Pipelines with an action in flight (their buttons wait). */
  busy: ReadonlySet<string>;
}

/**
 * The pipelines shown in the Jobs panel, each with its latest run, live: refreshed on pipeline
 * events (runs the service starts), step attempts' job events, and run events (a run started by
 * `mlnb pipelines run` in another process shows through its steps' runs).
 */
export class PipelinesModel implements IDisposable {
  private _state: IPipelinesState = { pipelines: [], error: null, busy: new Set() };
  private readonly _changed = new Signal<this, IPipelinesState>(this);
  private actionError: string | null = null;
  private readonly list = new LiveQuery<IPipeline[]>({
    fetch: async () =>
      (await PipelinesApi.list()).sort((a, b) => a.pipeline.name.localeCompare(b.pipeline.name)),
    isRelevant: event =>
      event.type.startsWith('pipeline-') || event.type === 'job-changed' || event.type === 'run-changed'
  });

  constructor() {
    this.list.changed.connect((_, { value, error }) => {
      this.update({
        pipelines: value ?? [],
        error: this.actionError ?? (error ? problemOf(error).message : null)
      });
    });
  }

  get state(): IPipelinesState {
    return this._state;
  }

  get changed(): ISignal<this, IPipelinesState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this.list.isDisposed;
  }

  startLive(): void {
    this.list.follow();
  }

  refresh(): Promise<void> {
    return this.list.refresh();
  }

  async runNow(item: IPipeline): Promise<void> {
    await this.act(item, () => PipelinesApi.run(item.pipeline.id));
  }

  /** Re-runs the latest run's failed steps with the outputs its other steps registered. */
  async resume(item: IPipeline): Promise<void> {
    const run = item.lastRun;
    if (run) {
      await this.act(item, () => PipelinesApi.resume(item.pipeline.id, run.id));
    }
  }

  dispose(): void {
    if (!this.list.isDisposed) {
      this.list.dispose();
      Signal.clearData(this);
    }
  }

  private async act(item: IPipeline, action: () => Promise<unknown>): Promise<void> {
    const id = item.pipeline.id;
    this.update({ busy: new Set([...this._state.busy, id]) });
    let error: string | null = null;
    try {
      await action();
    } catch (reason) {
      error = `${item.pipeline.name}: ${problemOf(reason).message}`;
    }
    const busy = new Set(this._state.busy);
    busy.delete(id);
    this.actionError = null;
    this.update({ busy });
    await this.refresh();
    if (error) {
      this.actionError = error;
      this.update({ error });
    }
  }

  private update(change: Partial<IPipelinesState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
