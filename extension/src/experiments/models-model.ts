import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { requestService, ServiceError } from '../api';
import { IModelRecord, IModelSummary } from './models-types';

export interface IModelsState {
  models: IModelSummary[];
  /** The model whose versions are shown, loaded on selection. */
  selected: IModelRecord | null;
  loading: boolean;
  error: string | null;
}

/**
 * The Models section of the Experiments panel: the registered models, and one model's
 * versions when selected. Loaded when the panel is first shown, and on refresh.
 */
export class ModelsModel implements IDisposable {
  private _state: IModelsState = { models: [], selected: null, loading: false, error: null };
  private readonly _changed = new Signal<this, IModelsState>(this);
  private _isDisposed = false;

  get state(): IModelsState {
    return this._state;
  }

  get changed(): ISignal<this, IModelsState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
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
