import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { ModelsApi } from '../api';
import { LiveQuery } from '../live';
import { IModelRecord, IModelServing, IModelSummary } from './types';

export interface IModelsState {
  models: IModelSummary[];
  /** The model whose versions are shown, loaded on selection. */
  selected: IModelRecord | null;
  /** The selected model's servers, drift and live metrics. */
  serving: IModelServing | null;
  loading: boolean;
  error: string | null;
}

/**
 * The Models section of the Experiments panel: the registered models, and one model's
 * versions when selected. Loaded when the panel is first shown, then live: a registration or a
 * stage change anywhere (a kernel, the CLI, a job) refreshes it.
 */
export class ModelsModel implements IDisposable {
  private _state: IModelsState = { models: [], selected: null, serving: null, loading: false, error: null };
  private readonly _changed = new Signal<this, IModelsState>(this);
  /** The model whose versions are asked for (shown once loaded). */
  private selectedName: string | null = null;
  private readonly registry = new LiveQuery<Pick<IModelsState, 'models' | 'selected' | 'serving'>>({
    fetch: async () => {
      const models = await ModelsApi.list();
      const name = this.selectedName;
      const shown = name && models.some(m => m.name === name);
      const [selected, serving] = shown
        ? await Promise.all([ModelsApi.get(name), ModelsApi.serving(name)])
        : [null, null];
      return { models, selected, serving };
    },
    // A model server writes its requests as versions of the dataset `<model>-requests`.
    isRelevant: event =>
      event.type === 'model-changed' ||
      (event.type === 'dataset-changed' &&
        this.selectedName !== null &&
        event.name === `${this.selectedName}-requests`)
  });

  constructor() {
    this.registry.changed.connect((_, { value, loading, error }) => {
      if (value && !loading && !error && value.selected === null) {
        this.selectedName = null; // Gone from the registry.
      }
      const selected = value?.selected?.name === this.selectedName ? value.selected : this._state.selected;
      this.update({
        models: value?.models ?? [],
        selected: this.selectedName === null ? null : selected,
        serving:
          this.selectedName === null
            ? null
            : value?.selected?.name === this.selectedName
              ? value.serving
              : this._state.serving,
        loading,
        error: error?.message ?? null
      });
    });
  }

  get state(): IModelsState {
    return this._state;
  }

  get changed(): ISignal<this, IModelsState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this.registry.isDisposed;
  }

  /** Loads the models and follows their changes (when the panel is first shown). */
  start(): void {
    this.registry.start();
  }

  refresh(): Promise<void> {
    return this.registry.refresh();
  }

  /** Shows a model's versions (or hides them when it is the one shown). */
  async select(name: string | null): Promise<void> {
    const hide = name === null || name === this._state.selected?.name;
    this.selectedName = hide ? null : name;
    if (hide) {
      this.update({ selected: null, serving: null });
      return;
    }
    await this.registry.refresh();
  }

  dispose(): void {
    if (!this.registry.isDisposed) {
      this.registry.dispose();
      Signal.clearData(this);
    }
  }

  private update(change: Partial<IModelsState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
