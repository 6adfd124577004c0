import { Client, Pool, PoolClient } from 'pg';
import type { Driver, Params, SqlValue } from './driver';
import { CHANGES_CHANNEL } from './pg-pool';

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
function compiledStatement(sql: string): { text: string; names: string[] | null } {
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

/** Tells the listeners, when the transaction commits, that something changed. */
const NOTIFY_CHANGES = `SELECT pg_notify('${CHANGES_CHANNEL}', '')`;

/**
 * The team engine's driver: statements go to the pool (any free connection), a transaction to
 * one client held until it ends. Round trips cost here, so the stores batch where SQLite loops.
 */
export class PgDriver implements Driver {
  readonly engine = 'postgres';
  readonly lockRows = ' FOR UPDATE';
  readonly claimRows = ' FOR UPDATE SKIP LOCKED';

  private constructor(
    private readonly db: Queryable,
    /** Null in a transaction's driver (its `db` is the transaction's client). */
    private readonly pool: Pool | null,
    /** The database's URL, for the dedicated connection of `listen`. */
    private readonly url: string | null
  ) {}

  static over(pool: Pool, url: string): PgDriver {
    return new PgDriver(pool, pool, url);
  }

  /** A driver for work already inside a transaction on `client` (as `mlnb store copy` runs). */
  static inTransaction(client: Queryable): PgDriver {
    return new PgDriver(client, null, null);
  }

  async run(sql: string, params: Params = []): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.db.query(sql);
  }

  async runEach(sql: string, each: Params[]): Promise<void> {
    for (const params of each) {
      await this.query(sql, params);
    }
  }

  async get<Row>(sql: string, params: Params = []): Promise<Row | undefined> {
    return (await this.query(sql, params)).rows[0] as Row | undefined;
  }

  async all<Row>(sql: string, params: Params = []): Promise<Row[]> {
    return (await this.query(sql, params)).rows as Row[];
  }

  async transaction<T>(work: (tx: Driver) => Promise<T>): Promise<T> {
    if (!this.pool) {
      return work(this);
    }
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(PgDriver.inTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async notifyChanges(): Promise<void> {
    await this.db.query(NOTIFY_CHANGES);
  }

  /** LISTEN on one dedicated connection (a pooled one may be handed to anyone). */
  async listen(listener: () => void, lost?: () => void): Promise<() => Promise<void>> {
    if (!this.url) {
      throw new Error('A transaction cannot listen: listen on the store.');
    }
    const client = new Client({ connectionString: this.url, application_name: 'mlnb-listen' });
    let stopping = false;
    client.on('error', () => undefined);
    client.on('end', () => {
      if (!stopping) {
        lost?.();
      }
    });
    client.on('notification', () => listener());
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    return async () => {
      stopping = true;
      await client.end().catch(() => undefined);
    };
  }

  oneOf(column: string, values: SqlValue[]): { sql: string; params: SqlValue[] } {
    return { sql: `${column} = ANY(?)`, params: [values] };
  }

  private query(sql: string, params: Params) {
    const statement = compiledStatement(sql);
    const values = Array.isArray(params)
      ? params
      : statement.names!.map(name => (params as Record<string, unknown>)[name] ?? null);
    return this.db.query(statement.text, values);
  }
}
