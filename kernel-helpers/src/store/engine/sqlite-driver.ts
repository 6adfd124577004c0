import type Database from 'better-sqlite3';
import type { Driver, Params, SqlValue } from './driver';

/**
 * Prepared statements by their text. Some texts are built per call (id lists, patches, search
 * filters), so the map is emptied when it grows past MAX_PREPARED.
 */
const MAX_PREPARED = 1000;

/** One better-sqlite3 connection, shared by the driver and the drivers of its transactions. */
class Connection {
  private readonly prepared = new Map<string, Database.Statement>();
  /** Whether a transaction is open. */
  busy = false;
  /** Callers waiting for the open transaction to end. */
  private waiting: (() => void)[] = [];
  /** The driver of the open transaction (one is enough: at most one is open). */
  inside!: SqliteDriver;
  readonly begin: Database.Statement;
  readonly beginImmediate: Database.Statement;
  readonly commit: Database.Statement;
  readonly rollback: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.begin = db.prepare('BEGIN');
    this.beginImmediate = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** Settles when the open transaction ends. */
  ended(): Promise<void> {
    return new Promise(resolve => this.waiting.push(resolve));
  }

  end(): void {
    this.busy = false;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach(resolve => resolve());
  }

  statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      if (this.prepared.size >= MAX_PREPARED) {
        this.prepared.clear();
      }
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}

const bind = (params: Params): unknown[] => (Array.isArray(params) ? params : [params]);

/**
 * The embedded engine's driver. better-sqlite3 is synchronous, so a statement runs at once; what
 * needs care is a transaction, which spans awaits: while one is open, callers outside it wait
 * for its end instead of slipping their statements into it, and transactions take turns. (The
 * wait is a loop: when one transaction ends, another waiter may open the next before we look.)
 */
export class SqliteDriver implements Driver {
  readonly engine = 'sqlite';
  readonly lockRows = '';
  readonly claimRows = '';

  private constructor(
    private readonly connection: Connection,
    /** Whether this is the driver of the open transaction (its statements need not wait). */
    private readonly inside: boolean
  ) {}

  static over(db: Database.Database): SqliteDriver {
    const connection = new Connection(db);
    connection.inside = new SqliteDriver(connection, true);
    return new SqliteDriver(connection, false);
  }

  async run(sql: string, params: Params = []): Promise<{ changes: number }> {
    while (!this.inside && this.connection.busy) {
      await this.connection.ended();
    }
    return { changes: this.connection.statement(sql).run(...bind(params)).changes };
  }

  async runEach(sql: string, each: Params[]): Promise<void> {
    while (!this.inside && this.connection.busy) {
      await this.connection.ended();
    }
    const statement = this.connection.statement(sql);
    for (const params of each) {
      statement.run(...bind(params));
    }
  }

  async get<Row>(sql: string, params: Params = []): Promise<Row | undefined> {
    while (!this.inside && this.connection.busy) {
      await this.connection.ended();
    }
    return this.connection.statement(sql).get(...bind(params)) as Row | undefined;
  }

  async all<Row>(sql: string, params: Params = []): Promise<Row[]> {
    while (!this.inside && this.connection.busy) {
      await this.connection.ended();
    }
    return this.connection.statement(sql).all(...bind(params)) as Row[];
  }

  async transaction<T>(work: (tx: Driver) => Promise<T>, options: { immediate?: boolean } = {}): Promise<T> {
    if (this.inside) {
      return work(this);
    }
    const { connection } = this;
    while (connection.busy) {
      await connection.ended();
    }
    connection.busy = true;
    try {
      (options.immediate ? connection.beginImmediate : connection.begin).run();
      const result = await work(connection.inside);
      connection.commit.run();
      return result;
    } catch (err) {
      if (connection.db.inTransaction) {
        connection.rollback.run();
      }
      throw err;
    } finally {
      connection.end();
    }
  }

  async notifyChanges(): Promise<void> {
    // Readers of a SQLite store poll (changedSince); there is no one to tell.
  }

  oneOf(column: string, values: SqlValue[]): { sql: string; params: SqlValue[] } {
    return values.length === 0
      ? { sql: '0 = 1', params: [] }
      : { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values };
  }
}
