import { Pool, types } from 'pg';
import type { StoreLocation } from './locate';
import { StoreError } from './store';

/** BIGINT (times in ms, counts) and NUMERIC arrive as numbers, as from SQLite; ms fit a double. */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 || oid === types.builtins.NUMERIC
      ? (value: string) => Number(value)
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser
};

export function createPool(location: StoreLocation, max = 4): Pool {
  let url: URL;
  try {
    url = new URL(location.target);
  } catch {
    throw new StoreError(`MLNB_STORE is not a valid PostgreSQL URL: ${location.display}`);
  }
  if (!url.pathname || url.pathname === '/') {
    throw new StoreError(
      `MLNB_STORE names no database: write postgres://user@host:5432/DATABASE (${location.display}).`
    );
  }
  const pool = new Pool({
    connectionString: location.target,
    max,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
    // Idle connections must not keep a script or `mlnb run` alive after its work is done.
    allowExitOnIdle: true,
    application_name: 'mlnb'
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return pool;
}

/** What went wrong reaching PostgreSQL, in words a user can act on (the password never shown). */
export function connectionError(location: StoreLocation, err: unknown): StoreError {
  if (err instanceof StoreError) {
    return err;
  }
  const e = err as { code?: string; message?: string };
  const why: Record<string, string> = {
    ECONNREFUSED: 'nothing answers at that host and port (is PostgreSQL running?)',
    ENOTFOUND: 'the host name is not known',
    ETIMEDOUT: 'the server did not answer in time',
    '28P01': 'the password was refused',
    '28000': 'the server refused this user (see pg_hba.conf)',
    '3D000': 'the database does not exist (create it with createdb, then run mlnb store migrate)',
    '42501': 'this user may not create the store tables in that database'
  };
  const reason =
    (e.code && why[e.code]) ?? (e.message ?? String(err)).replace(location.target, location.display);
  return new StoreError(`Cannot use the PostgreSQL store ${location.display}: ${reason}.`);
}

/** The channel that tells listeners (the service's change feed) that something was written. */
export const CHANGES_CHANNEL = 'mlnb_changes';
