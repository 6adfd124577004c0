import { LocateOptions, locateStore, StoreLocation } from './locate';
import { SqliteStore } from './sqlite';
import { Store, StoreError } from './store';

/** Opens (creating and migrating when needed) the store at `location`, or the located one. */
export async function openStore(location: StoreLocation | LocateOptions = {}): Promise<Store> {
  const where = 'engine' in location ? location : locateStore(location);
  if (where.engine === 'postgres') {
    throw new StoreError(
      `MLNB_STORE names a PostgreSQL store (${where.display}), which this version of mlnb ` +
        'cannot open yet. Unset MLNB_STORE or point it at a SQLite file.'
    );
  }
  return SqliteStore.open(where);
}
