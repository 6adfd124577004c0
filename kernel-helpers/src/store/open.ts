import { isProcessAlive, STALE_AFTER_MS, thisHost } from './liveness';
import { LocateOptions, locateStore, StoreLocation } from './locate';
import { SqliteStore } from './sqlite';
import { Store, StoreError } from './store';

/**
 * Opens (creating and migrating when needed) the store at `location`, or the located one, and
 * marks `killed` the runs whose process died without closing them.
 */
export async function openStore(location: StoreLocation | LocateOptions = {}): Promise<Store> {
  const where = 'engine' in location ? location : locateStore(location);
  if (where.engine === 'postgres') {
    throw new StoreError(
      `MLNB_STORE names a PostgreSQL store (${where.display}), which this version of mlnb ` +
        'cannot open yet. Unset MLNB_STORE or point it at a SQLite file.'
    );
  }
  const store = SqliteStore.open(where);
  await store.runs.reapDead(thisHost(), isProcessAlive, Date.now() - STALE_AFTER_MS);
  return store;
}
