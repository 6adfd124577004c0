import type Database from 'better-sqlite3';
import * as path from 'node:path';
import type { Driver, Params, SqlValue } from './driver';

/**
 * Prepared statements by their text. Some texts are built per call (id lists, patches, search
 * filters), so the map is emptied when it grows past MAX_PREPARED.
 */
const MAX_PREPARED = 1000;

/**
 * The turn of one database file in this process. Its connections share it: while a transaction
 * is open on one (its awaits let other code run), a statement on another would wait for the
 * file's write lock synchronously, blocking the very event loop the open transaction needs to
 * end. So every statement outside the open transaction waits for its end, on any connection.
 */
class Turn {
  /** Whether a transaction is open. */
  busy = false;
  /** Callers waiting for the open transaction to end. */
  private waiting: (() => void)[] = [];

  /** Settles when the open transaction ends. */
  ended(): Promise<void> {
    return new Promise(resolve => this.waiting.push(resolve));
  }

  end(): void {
    this.busy = false;
    if (this.waiting.length > 0) {
      const waiting = this.waiting;
      this.waiting = [];
      waiting.forEach(resolve => resolve());
    }
  }
}

const DONE = Promise.resolve();

/** The turn of each file opened in this process, by its absolute path. */
const turns = new Map<string, Turn>();

/** One better-sqlite3 connection, shared by the driver and the driver of its transaction. */
class Connection {
  private readonly prepared = new Map<string, Database.Statement>();
  readonly turn: Turn;
  /** The driver of the open transaction (one is enough: a connection has at most one open). */
  inside!: SqliteDriver;
  readonly begin: Database.Statement;
  readonly beginImmediate: Database.Statement;
  readonly commit: Database.Statement;
  readonly rollback: Database.Statement;

  constructor(readonly db: Database.Database) {
    const file = db.memory ? `:memory:${Math.random()}` : path.resolve(db.name);
    this.turn = turns.get(file) ?? turns.set(file, new Turn()).get(file)!;
    this.begin = db.prepare('BEGIN');
    this.beginImmediate = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
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

/**
 * The embedded engine's driver. better-sqlite3 is synchronous, so a statement runs at once; what
 * needs care is a transaction, which spans awaits: while one is open, callers outside it wait
 * for its end (see Turn) instead of slipping their statements into it, and transactions take
 * turns.
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

  run(sql: string, params: Params = []): Promise<{ changes: number }> {
    return this.now(() => ({ changes: this.connection.statement(sql).run(params).changes }));
  }

  exec(sql: string): Promise<void> {
    return this.now(() => void this.connection.db.exec(sql));
  }

  runEach(sql: string, each: Params[]): Promise<void> {
    return this.now(() => {
      const statement = this.connection.statement(sql);
      for (const params of each) {
        statement.run(params);
      }
    });
  }

  get<Row>(sql: string, params: Params = []): Promise<Row | undefined> {
    return this.now(() => this.connection.statement(sql).get(params) as Row | undefined);
  }

  all<Row>(sql: string, params: Params = []): Promise<Row[]> {
    return this.now(() => this.connection.statement(sql).all(params) as Row[]);
  }

  /**
   * Runs `statement` at once, or, outside the open transaction, once it has ended (looked at
   * again then: another waiter may have opened the next). Not async: a write of the kernel's
   * metric flush should cost no more promise turns than the awaits of its caller.
   */
  private now<T>(statement: () => T): Promise<T> {
    if (!this.inside && this.connection.turn.busy) {
      return this.connection.turn.ended().then(() => this.now(statement));
    }
    try {
      return Promise.resolve(statement());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async transaction<T>(work: (tx: Driver) => Promise<T>, options: { immediate?: boolean } = {}): Promise<T> {
    if (this.inside) {
      return work(this);
    }
    const { connection } = this;
    while (connection.turn.busy) {
      await connection.turn.ended();
    }
    connection.turn.busy = true;
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
      connection.turn.end();
    }
  }

  notifyChanges(): Promise<void> {
    // Readers of a SQLite store poll (changedSince); there is no one to tell.
    return DONE;
  }

  oneOf(column: string, values: SqlValue[]): { sql: string; params: SqlValue[] } {
    return values.length === 0
      ? { sql: '0 = 1', params: [] }
      : { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values };
  }
}
