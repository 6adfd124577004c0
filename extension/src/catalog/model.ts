import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { requestService } from '../api';
import { subscribeToChanges } from '../live';
import { DatasetChange, DatasetFormat, IDatasetHit } from './types';

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
  private timer: number | undefined;
  private live: IDisposable | null = null;
  private generation = 0;
  private _isDisposed = false;

  get state(): ICatalogState {
    return this._state;
  }

  get changed(): ISignal<this, ICatalogState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Loads the first results and follows changes (when the panel is first shown). */
  start(): void {
    if (this.live) {
      return;
    }
    this.live = subscribeToChanges<DatasetChange>(event => {
      if (event.type === 'dataset-changed') {
        this.schedule();
      }
    });
    void this.refresh();
  }

  setQuery(change: Partial<ICatalogQuery>): void {
    this.update({ query: { ...this._state.query, ...change } });
    this.schedule();
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const { text, format, tag } = this._state.query;
    const params = new URLSearchParams({ limit: '100' });
    if (text.trim()) {
      params.set('q', text.trim());
    }
    if (format) {
      params.set('format', format);
    }
    if (tag.trim()) {
      params.set('tag', tag.trim());
    }
    this.update({ loading: true });
    try {
      const { datasets } = await requestService<{ datasets: IDatasetHit[] }>(`api/datasets?${params}`);
      if (generation === this.generation) {
        this.update({ hits: datasets, loading: false, error: null });
      }
    } catch (error) {
      if (generation === this.generation) {
        this.update({ loading: false, error: (error as Error).message });
      }
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    window.clearTimeout(this.timer);
    this.live?.dispose();
    Signal.clearData(this);
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  private update(change: Partial<ICatalogState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
