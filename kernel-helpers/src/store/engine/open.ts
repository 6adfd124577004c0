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
  const store = await openEngine(where, artifactRootFor(where, 'engine' in location ? {} : location));
  await store.runs.reapDead(thisHost(), isProcessAlive, Date.now() - STALE_AFTER_MS);
  return store;
}

/** Opens (creating and migrating when needed) the store at `where`, and nothing more. */
export async function openEngine(where: StoreLocation, artifacts = artifactRootFor(where)): Promise<Store> {
  // Loaded on use: a SQLite user never loads pg, a PostgreSQL user never opens a file.
  return where.engine === 'postgres'
    ? (await import('./pg')).PgStore.open(where, artifacts)
    : SqliteStore.open(where, artifacts);
}
