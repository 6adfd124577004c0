import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { DatasetsApi } from '../api';
import { LiveQuery } from '../live';
import { DatasetFormat, IDatasetHit } from './types';

/** Typing waits this long before searching, so each word is one request, not each key. */
const DEBOUNCE_MS = 200;

export interface ICatalogQuery {
  text: string;
  format: DatasetFormat | '';
  tag: string;
}

export interface ICatalogState {
  query: ICatalogQuery;
  hits: IDatasetHit[];
  loading: boolean;
  error: string | null;
}

/**
 * The Datasets panel's search: server-side full-text search as the user types (debounced),
 * refreshed when the catalog changes (registrations from kernels, the CLI, other users).
 */
export class CatalogModel implements IDisposable {
  private _state: ICatalogState = {
    query: { text: '', format: '', tag: '' },
    hits: [],
    loading: false,
    error: null
  };
  private readonly _changed = new Signal<this, ICatalogState>(this);
  private readonly hits = new LiveQuery<IDatasetHit[]>({
    fetch: () => {
      const { text, format, tag } = this._state.query;
      return DatasetsApi.search({ limit: 100, q: text.trim(), format: format || undefined, tag: tag.trim() });
    },
    isRelevant: event => event.type === 'dataset-changed',
    delayMs: DEBOUNCE_MS
  });

  constructor() {
    this.hits.changed.connect((_, { value, loading, error }) =>
      this.update({ hits: value ?? [], loading, error: error?.message ?? null })
    );
  }

  get state(): ICatalogState {
    return this._state;
  }

  get changed(): ISignal<this, ICatalogState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this.hits.isDisposed;
  }

  /** Loads the first results and follows changes (when the panel is first shown). */
  start(): void {
    this.hits.start();
  }

  setQuery(change: Partial<ICatalogQuery>): void {
    this.update({ query: { ...this._state.query, ...change } });
    this.hits.refreshAfterQuiet(DEBOUNCE_MS);
  }

  refresh(): Promise<void> {
    return this.hits.refresh();
  }

  dispose(): void {
    if (!this.hits.isDisposed) {
      this.hits.dispose();
      Signal.clearData(this);
    }
  }

  private update(change: Partial<ICatalogState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
