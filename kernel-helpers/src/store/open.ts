import { artifactRootFor } from './artifacts';
import { isProcessAlive, STALE_AFTER_MS, thisHost } from './liveness';
import { LocateOptions, locateStore, StoreLocation } from './locate';
import { SqliteStore } from './sqlite';
import type { Store } from './store';

/**
 * Opens (creating and migrating when needed) the store at `location`, or the located one, and
 * marks `killed` the runs whose process died without closing them.
 */
export async function openStore(location: StoreLocation | LocateOptions = {}): Promise<Store> {
  const where = 'engine' in location ? location : locateStore(location);
  const artifacts = artifactRootFor(where, 'engine' in location ? {} : location);
  // Loaded on use: a SQLite user never loads pg, a PostgreSQL user never opens a file.
  const store: Store =
    where.engine === 'postgres'
      ? await (await import('./pg')).PgStore.open(where, artifacts)
      : SqliteStore.open(where, artifacts);
  await store.runs.reapDead(thisHost(), isProcessAlive, Date.now() - STALE_AFTER_MS);
  return store;
}
