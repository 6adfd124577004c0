import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { requestService, ServiceError } from '../api';
import { subscribeToChanges } from '../live';
import { IModelRecord, IModelSummary } from './models-types';

/** Changes arriving together (a registration and its promotion) are one refresh. */
const REFRESH_MS = 300;

export interface IModelsState {
  models: IModelSummary[];
  /** The model whose versions are shown, loaded on selection. */
  selected: IModelRecord | null;
  loading: boolean;
  error: string | null;
}

/**
 * The Models section of the Experiments panel: the registered models, and one model's
 * versions when selected. Loaded when the panel is first shown, then live: a registration or a
 * stage change anywhere (a kernel, the CLI, a job) refreshes it.
 */
export class ModelsModel implements IDisposable {
  private _state: IModelsState = { models: [], selected: null, loading: false, error: null };
  private readonly _changed = new Signal<this, IModelsState>(this);
  private _isDisposed = false;
  private live: IDisposable | null = null;
  private refreshTimer: number | undefined;

  get state(): IModelsState {
    return this._state;
  }

  get changed(): ISignal<this, IModelsState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Loads the models and follows their changes (when the panel is first shown). */
  start(): void {
    if (this.live) {
      return;
    }
    this.live = subscribeToChanges<{ type: string }>(event => {
      if (event.type === 'model-changed' && this.refreshTimer === undefined) {
        this.refreshTimer = window.setTimeout(() => {
          this.refreshTimer = undefined;
          void this.refresh();
        }, REFRESH_MS);
      }
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    this.update({ loading: true });
    try {
      const { models } = await requestService<{ models: IModelSummary[] }>('api/models');
      const name = this._state.selected?.name;
      const selected = name && models.some(m => m.name === name) ? await this.fetchModel(name) : null;
      this.update({ models, selected, loading: false, error: null });
    } catch (error) {
      this.update({ loading: false, error: (error as ServiceError).message });
    }
  }

  /** Shows a model's versions (or hides them when it is the one shown). */
  async select(name: string | null): Promise<void> {
    if (name === null || name === this._state.selected?.name) {
      this.update({ selected: null });
      return;
    }
    try {
      this.update({ selected: await this.fetchModel(name), error: null });
    } catch (error) {
      this.update({ error: (error as ServiceError).message });
    }
  }

  dispose(): void {
    if (!this._isDisposed) {
      this._isDisposed = true;
      this.live?.dispose();
      window.clearTimeout(this.refreshTimer);
      Signal.clearData(this);
    }
  }

  private fetchModel(name: string): Promise<IModelRecord> {
    return requestService<IModelRecord>(`api/models/${encodeURIComponent(name)}`);
  }

  private update(change: Partial<IModelsState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
