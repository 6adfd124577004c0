import { ChangeEvent, DatasetsApi } from '../api';
import { ILiveState, LiveModel } from '../live';
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
export class CatalogModel extends LiveModel<ICatalogState, IDatasetHit[]> {
  constructor() {
    super(
      { query: { text: '', format: '', tag: '' }, hits: [], loading: false, error: null },
      { delayMs: DEBOUNCE_MS }
    );
  }

  setQuery(change: Partial<ICatalogQuery>): void {
    this.update({ query: { ...this.state.query, ...change } });
    this.live.refreshAfterQuiet(DEBOUNCE_MS);
  }

  protected fetch(): Promise<IDatasetHit[]> {
    const { text, format, tag } = this.state.query;
    return DatasetsApi.search({ limit: 100, q: text.trim(), format: format || undefined, tag: tag.trim() });
  }

  protected isRelevant(event: ChangeEvent): boolean {
    return event.type === 'dataset-changed';
  }

  protected fromLive({ value, loading, error }: ILiveState<IDatasetHit[]>): Partial<ICatalogState> {
    return { hits: value ?? [], loading, error: error?.message ?? null };
  }
}
