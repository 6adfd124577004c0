import { Pool, PoolClient, types } from 'pg';
import type { StoreLocation } from './locate';
import { StoreError } from './store';

/** A value bound to a statement. */
export type SqlValue = string | number | boolean | null | Buffer | undefined;

/**
 * Rewrites a statement written for SQLite's placeholders (`?` in order, or `@name`) into
 * PostgreSQL's `$1, $2…`, so both engines run the same SQL text. Quoted literals are left alone.
 * Returns the text and how to pick the values from what the caller passes.
 */
export function numbered(sql: string): { text: string; names: string[] | null } {
  const names: string[] = [];
  let positional = 0;
  const text = sql.replace(/'(?:[^']|'')*'|\?|@(\w+)/g, (match, name: string | undefined) => {
    if (match.startsWith("'")) {
      return match;
    }
    if (name === undefined) {
      return `$${++positional}`;
    }
    const index = names.indexOf(name);
    return `$${index >= 0 ? index + 1 : names.push(name)}`;
  });
  if (positional > 0 && names.length > 0) {
    throw new Error('A statement mixes ? and @name placeholders.');
  }
  return { text, names: names.length > 0 ? names : null };
}

/**
 * Translated statements by their SQLite text. Some texts are built per call (id lists, limits,
 * search filters), so the map is emptied when it grows past MAX_COMPILED: a long-running service
 * must not keep every one it ever saw.
 */
const compiled = new Map<string, { text: string; names: string[] | null }>();
const MAX_COMPILED = 1000;

/** `sql` translated (numbered), from the map when seen before. */
export function compiledStatement(sql: string): { text: string; names: string[] | null } {
  let statement = compiled.get(sql);
  if (!statement) {
    statement = numbered(sql);
    if (compiled.size >= MAX_COMPILED) {
      compiled.clear();
    }
    compiled.set(sql, statement);
  }
  return statement;
}

/** Anything that runs queries: the pool, or one client inside a transaction. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Parameters in the order of `?`, or an object for `@name`. */
export type Params = SqlValue[] | Record<string, unknown>;

/** Runs `sql` (SQLite placeholders) with `params`; returns the rows and how many rows it changed. */
export async function run<Row = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  params: Params = []
): Promise<{ rows: Row[]; changes: number }> {
  const statement = compiledStatement(sql);
  const values = Array.isArray(params)
    ? params
    : statement.names!.map(name => (params as Record<string, unknown>)[name] ?? null);
  const result = await db.query(statement.text, values);
  return { rows: result.rows as Row[], changes: result.rowCount ?? 0 };
}

export async function all<Row>(db: Queryable, sql: string, params: Params = []): Promise<Row[]> {
  return (await run<Row>(db, sql, params)).rows;
}

export async function one<Row>(db: Queryable, sql: string, params: Params = []): Promise<Row | undefined> {
  return (await run<Row>(db, sql, params)).rows[0];
}

/** Runs `work` in one transaction on one client; rolls back when it throws. */
export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

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
/** Tells the listeners, when the transaction commits, that something changed. */
export const NOTIFY_CHANGES = `SELECT pg_notify('${CHANGES_CHANNEL}', '')`;
