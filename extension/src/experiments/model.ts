import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { requestService, ServiceError } from '../api';
import { subscribeToChanges } from '../live';
import { IRunPage, IRunSummary, RunChange } from './types';

const PAGE_SIZE = 100;
/** Live changes are batched: at most one refresh per this many ms. */
const REFRESH_MS = 300;

export interface IRunsQuery {
  /** Only the runs of this notebook (its path in the workspace); null: all experiments. */
  experiment: string | null;
  text: string;
  filter: string;
  orderBy: string;
}

export interface IRunsState {
  query: IRunsQuery;
  runs: IRunSummary[];
  /** More pages to load on scrolling. */
  hasMore: boolean;
  loading: boolean;
  /** A malformed filter, with the column the service pointed at; or a service error. */
  error: { message: string; column?: number } | null;
  /** Runs ticked for comparing or exporting. */
  selected: ReadonlySet<string>;
}

/**
 * The runs shown in the Experiments panel: queried from the service page by page, and kept
 * current from the service's change events (no polling from the browser).
 */
export class RunsModel implements IDisposable {
  private _state: IRunsState = {
    query: { experiment: null, text: '', filter: '', orderBy: '' },
    runs: [],
    hasMore: false,
    loading: false,
    error: null,
    selected: new Set()
  };
  private readonly _changed = new Signal<this, IRunsState>(this);
  private nextToken: string | null = null;
  private live: IDisposable | null = null;
  private refreshTimer: number | undefined;
  private generation = 0;
  private _isDisposed = false;

  get state(): IRunsState {
    return this._state;
  }

  get changed(): ISignal<this, IRunsState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Starts following the service's change events (call when the panel is first shown). */
  startLive(): void {
    this.live ??= subscribeToChanges<RunChange>(event => {
      if (event.type.startsWith('run-')) {
        this.scheduleRefresh();
      }
    });
  }

  setQuery(change: Partial<IRunsQuery>): void {
    this.update({ query: { ...this._state.query, ...change } });
    void this.refresh();
  }

  toggleSelected(id: string): void {
    const selected = new Set(this._state.selected);
    if (!selected.delete(id)) {
      selected.add(id);
    }
    this.update({ selected });
  }

  clearSelection(): void {
    this.update({ selected: new Set() });
  }

  /** Reloads from the first page, keeping at least as many rows as are shown now. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.update({ loading: true });
    const limit = Math.min(1000, Math.max(PAGE_SIZE, this._state.runs.length));
    try {
      const page = await this.fetchPage(limit, null);
      if (generation === this.generation) {
        this.nextToken = page.next_page_token;
        this.update({ runs: page.runs, hasMore: page.next_page_token !== null, loading: false, error: null });
      }
    } catch (error) {
      if (generation === this.generation) {
        this.update({ runs: [], hasMore: false, loading: false, error: Private.errorOf(error) });
      }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextToken || this._state.loading) {
      return;
    }
    const generation = this.generation;
    this.update({ loading: true });
    try {
      const page = await this.fetchPage(PAGE_SIZE, this.nextToken);
      if (generation === this.generation) {
        this.nextToken = page.next_page_token;
        this.update({
          runs: [...this._state.runs, ...page.runs],
          hasMore: page.next_page_token !== null,
          loading: false
        });
      }
    } catch (error) {
      this.update({ loading: false, error: Private.errorOf(error) });
    }
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

  private fetchPage(limit: number, token: string | null): Promise<IRunPage> {
    const { experiment, text, filter, orderBy } = this._state.query;
    const params = new URLSearchParams({ limit: String(limit) });
    if (experiment) {
      params.set('experiment', experiment);
    }
    if (text.trim()) {
      params.set('q', text.trim());
    }
    if (filter.trim()) {
      params.set('filter', filter.trim());
    }
    if (orderBy.trim()) {
      params.set('order_by', orderBy.trim());
    }
    if (token) {
      params.set('page_token', token);
    }
    return requestService<IRunPage>(`api/runs?${params}`);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer === undefined) {
      this.refreshTimer = window.setTimeout(() => {
        this.refreshTimer = undefined;
        void this.refresh();
      }, REFRESH_MS);
    }
  }

  private update(change: Partial<IRunsState>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}

namespace Private {
  export function errorOf(error: unknown): { message: string; column?: number } {
    if (error instanceof ServiceError) {
      return { message: error.message, column: error.body?.column as number | undefined };
    }
    return { message: (error as Error).message };
  }
}
