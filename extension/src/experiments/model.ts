import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { RunsApi, ServiceError } from '../api';
import { LiveQuery } from '../live';
import { IRunPage, IRunSummary } from './types';

const PAGE_SIZE = 100;

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
  /** The pages shown so far, as one page: its runs and the token of the next. */
  private readonly pages = new LiveQuery<IRunPage>({
    // Reloads from the first page, keeping at least as many rows as are shown now.
    fetch: current => this.fetchPage(Math.min(1000, Math.max(PAGE_SIZE, current?.runs.length ?? 0)), null),
    isRelevant: event => event.type.startsWith('run-'),
    // A malformed filter shows its error over an empty list.
    keepOnError: false
  });

  constructor() {
    this.pages.changed.connect((_, { value, loading, error }) => {
      this.update({
        runs: value?.runs ?? [],
        hasMore: !!value?.next_page_token,
        loading,
        error: error && Private.errorOf(error)
      });
    });
  }

  get state(): IRunsState {
    return this._state;
  }

  get changed(): ISignal<this, IRunsState> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this.pages.isDisposed;
  }

  /** Starts following the service's change events (call when the panel is first shown). */
  startLive(): void {
    this.pages.follow();
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
  refresh(): Promise<void> {
    return this.pages.refresh();
  }

  async loadMore(): Promise<void> {
    if (!this.pages.value?.next_page_token) {
      return;
    }
    await this.pages.extend(async shown => {
      const page = await this.fetchPage(PAGE_SIZE, shown.next_page_token);
      return { runs: [...shown.runs, ...page.runs], next_page_token: page.next_page_token };
    });
  }

  dispose(): void {
    if (!this.pages.isDisposed) {
      this.pages.dispose();
      Signal.clearData(this);
    }
  }

  private fetchPage(limit: number, token: string | null): Promise<IRunPage> {
    const { experiment, text, filter, orderBy } = this._state.query;
    return RunsApi.search({
      limit,
      experiment: experiment ?? undefined,
      q: text.trim(),
      filter: filter.trim(),
      order_by: orderBy.trim(),
      page_token: token ?? undefined
    });
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
