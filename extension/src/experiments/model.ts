import { ChangeEvent, RunsApi, ServiceError } from '../api';
import { ILiveState, LiveModel } from '../live';
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
export class RunsModel extends LiveModel<IRunsState, IRunPage> {
  constructor() {
    // A malformed filter shows its error over an empty list.
    super(
      {
        query: { experiment: null, text: '', filter: '', orderBy: '' },
        runs: [],
        hasMore: false,
        loading: false,
        error: null,
        selected: new Set()
      },
      { keepOnError: false }
    );
  }

  setQuery(change: Partial<IRunsQuery>): void {
    this.update({ query: { ...this.state.query, ...change } });
    void this.refresh();
  }

  toggleSelected(id: string): void {
    const selected = new Set(this.state.selected);
    if (!selected.delete(id)) {
      selected.add(id);
    }
    this.update({ selected });
  }

  clearSelection(): void {
    this.update({ selected: new Set() });
  }

  async loadMore(): Promise<void> {
    if (!this.live.value?.next_page_token) {
      return;
    }
    await this.live.extend(async shown => {
      const page = await this.fetchPage(PAGE_SIZE, shown.next_page_token);
      return { runs: [...shown.runs, ...page.runs], next_page_token: page.next_page_token };
    });
  }

  /** Reloads from the first page, keeping at least as many rows as are shown now. */
  protected fetch(current: IRunPage | null): Promise<IRunPage> {
    return this.fetchPage(Math.min(1000, Math.max(PAGE_SIZE, current?.runs.length ?? 0)), null);
  }

  protected isRelevant(event: ChangeEvent): boolean {
    return event.type.startsWith('run-');
  }

  protected fromLive({ value, loading, error }: ILiveState<IRunPage>): Partial<IRunsState> {
    return {
      runs: value?.runs ?? [],
      hasMore: !!value?.next_page_token,
      loading,
      error: error && Private.errorOf(error)
    };
  }

  private fetchPage(limit: number, token: string | null): Promise<IRunPage> {
    const { experiment, text, filter, orderBy } = this.state.query;
    return RunsApi.search({
      limit,
      experiment: experiment ?? undefined,
      q: text.trim(),
      filter: filter.trim(),
      order_by: orderBy.trim(),
      page_token: token ?? undefined
    });
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
