import { ChangeEvent, ModelsApi } from '../api';
import { ILiveState, LiveModel } from '../live';
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

type Registry = Pick<IModelsState, 'models' | 'selected' | 'serving'>;

/**
 * The Models section of the Experiments panel: the registered models, and one model's
 * versions when selected. Loaded when the panel is first shown, then live: a registration or a
 * stage change anywhere (a kernel, the CLI, a job) refreshes it.
 */
export class ModelsModel extends LiveModel<IModelsState, Registry> {
  /** The model whose versions are asked for (shown once loaded). */
  private selectedName: string | null = null;

  constructor() {
    super({ models: [], selected: null, serving: null, loading: false, error: null });
  }

  /** Shows a model's versions (or hides them when it is the one shown). */
  async select(name: string | null): Promise<void> {
    const hide = name === null || name === this.state.selected?.name;
    this.selectedName = hide ? null : name;
    if (hide) {
      this.update({ selected: null, serving: null });
      return;
    }
    await this.refresh();
  }

  protected async fetch(): Promise<Registry> {
    const models = await ModelsApi.list();
    const name = this.selectedName;
    const shown = name && models.some(m => m.name === name);
    const [selected, serving] = shown
      ? await Promise.all([ModelsApi.get(name), ModelsApi.serving(name)])
      : [null, null];
    return { models, selected, serving };
  }

  /** A model server writes its requests as versions of the dataset `<model>-requests`. */
  protected isRelevant(event: ChangeEvent): boolean {
    return (
      event.type === 'model-changed' ||
      (event.type === 'dataset-changed' &&
        this.selectedName !== null &&
        event.name === `${this.selectedName}-requests`)
    );
  }

  protected fromLive({ value, loading, error }: ILiveState<Registry>): Partial<IModelsState> {
    if (value && !loading && !error && value.selected === null) {
      this.selectedName = null; // Gone from the registry.
    }
    const fresh = value?.selected?.name === this.selectedName;
    return {
      models: value?.models ?? [],
      selected: this.selectedName === null ? null : fresh ? value!.selected : this.state.selected,
      serving: this.selectedName === null ? null : fresh ? value!.serving : this.state.serving,
      loading,
      error: error?.message ?? null
    };
  }
}
