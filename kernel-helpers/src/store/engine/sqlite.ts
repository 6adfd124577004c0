import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactRootFor } from './artifacts';
import type { StoreLocation } from './locate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { DatasetStore } from '../datasets/types';
import type { RunStore } from '../runs/types';
import { SqlDatasetStore } from '../datasets/store';
import type { JobStore } from '../jobs/types';
import { SqlJobStore } from '../jobs/store';
import type { ModelStore } from '../models/types';
import { SqlModelStore } from '../models/store';
import { SqlRunStore } from '../runs/store';
import { SqliteDriver } from './sqlite-driver';
import { Store, StoreCheck, StoreError, StoreInfo } from './store';

/** How long a writer waits for another process's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The embedded engine: one SQLite file in WAL mode, safe for many processes on one machine
 * (kernels, `mlnb run` children, the service) as long as transactions stay short.
 */
export class SqliteStore implements Store {
  readonly runs: RunStore;
  readonly datasets: DatasetStore;
  readonly jobs: JobStore;
  readonly models: ModelStore;

  private constructor(
    readonly location: StoreLocation,
    /** The connection, for `mlnb store copy` (copy-tables.ts). */
    readonly db: Database.Database,
    readonly artifactRoot: string
  ) {
    const driver = SqliteDriver.over(db);
    this.runs = new SqlRunStore(driver);
    this.datasets = new SqlDatasetStore(driver);
    this.jobs = new SqlJobStore(driver);
    this.models = new SqlModelStore(driver);
  }

  static open(location: StoreLocation, artifactRoot = artifactRootFor(location)): SqliteStore {
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
      migrate(db, location);
    } catch (err) {
      db.close();
      if (err instanceof StoreError) {
        throw err;
      }
      throw new StoreError(`Cannot use the store ${location.display}: ${(err as Error).message}`);
    }
    return new SqliteStore(location, db, artifactRoot);
  }

  async info(): Promise<StoreInfo> {
    const row = this.db.prepare(`SELECT value FROM store_meta WHERE key = 'id'`).get() as
      { value: string } | undefined;
    return {
      engine: 'sqlite',
      location: this.location.display,
      id: row?.value ?? '',
      schemaVersion: schemaVersion(this.db)
    };
  }

  async check(): Promise<StoreCheck> {
    const problems: string[] = [];
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    for (const { integrity_check: line } of integrity) {
      if (line !== 'ok') {
        problems.push(`integrity: ${line}`);
      }
    }
    const version = schemaVersion(this.db);
    if (version !== LATEST_SCHEMA_VERSION) {
      problems.push(`schema version ${version}, expected ${LATEST_SCHEMA_VERSION}`);
    }
    return { ok: problems.length === 0, problems };
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.close();
    }
  }
}

function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies pending migrations under an IMMEDIATE transaction, so that two processes opening a
 * new store at once serialize here instead of both creating tables.
 */
function migrate(db: Database.Database, location: StoreLocation): void {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      `The store ${location.display} has schema version ${current}, newer than this mlnb ` +
        `understands (${LATEST_SCHEMA_VERSION}). Upgrade mlnb; the store was left untouched.`
    );
  }
  if (current === LATEST_SCHEMA_VERSION) {
    return;
  }
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    // Re-read inside the lock: another process may have migrated while we waited.
    const from = schemaVersion(db);
    for (const step of MIGRATIONS.filter(m => m.version > from)) {
      db.exec(step.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        step.version,
        step.name,
        new Date().toISOString()
      );
      db.pragma(`user_version = ${step.version}`);
    }
    db.prepare(`INSERT OR IGNORE INTO store_meta (key, value) VALUES ('id', ?), ('created_at', ?)`).run(
      randomUUID(),
      new Date().toISOString()
    );
  });
  apply.immediate();
}
