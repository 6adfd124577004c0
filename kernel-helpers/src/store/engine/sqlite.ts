import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactRootFor } from './artifacts';
import type { StoreLocation } from './locate';
import { migrate, Schema } from './migrate';
import { SqliteDriver } from './sqlite-driver';
import { SqlStore } from './sql-store';
import { StoreError } from './store';

/** How long a writer waits for another process's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite keeps the schema version in the file's header (user_version); the steps run as
 * released. The migration's IMMEDIATE transaction makes two processes opening a new store at
 * once take turns instead of both creating tables.
 */
const SQLITE_SCHEMA: Schema = {
  version: async db => (await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version,
  sqlOf: step => step.sql,
  afterStep: step => `PRAGMA user_version = ${Number(step.version)}`
};

/**
 * The embedded engine: one SQLite file in WAL mode, safe for many processes on one machine
 * (kernels, `mlnb run` children, the service) as long as transactions stay short.
 */
export class SqliteStore extends SqlStore {
  private constructor(
    location: StoreLocation,
    /** The connection, for `mlnb store copy` (copy-tables.ts). */
    readonly db: Database.Database,
    artifactRoot: string
  ) {
    super(location, artifactRoot, SqliteDriver.over(db));
  }

  static async open(location: StoreLocation, artifactRoot = artifactRootFor(location)): Promise<SqliteStore> {
    fs.mkdirSync(path.dirname(location.target), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(location.target, { timeout: BUSY_TIMEOUT_MS });
    } catch (err) {
      throw new StoreError(`Cannot open the store ${location.display}: ${(err as Error).message}`);
    }
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      const store = new SqliteStore(location, db, artifactRoot);
      await migrate(store.driver, location, SQLITE_SCHEMA);
      return store;
    } catch (err) {
      db.close();
      if (err instanceof StoreError) {
        throw err;
      }
      throw new StoreError(`Cannot use the store ${location.display}: ${(err as Error).message}`);
    }
  }

  protected schemaVersion(): Promise<number> {
    return SQLITE_SCHEMA.version(this.driver);
  }

  protected async engineProblems(): Promise<string[]> {
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    return integrity
      .filter(row => row.integrity_check !== 'ok')
      .map(row => `integrity: ${row.integrity_check}`);
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.close();
    }
  }
}
