import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { artifactRootFor } from './artifacts';
import type { DatasetStore } from '../datasets/types';
import type { JobStore } from '../jobs/types';
import type { StoreLocation } from './locate';
import type { ModelStore } from '../models/types';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, postgresSql } from './migrations';
import { SqlDatasetStore } from '../datasets/store';
import { CHANGES_CHANNEL, connectionError, createPool, one, run, transaction } from './pg-db';
import { SqlJobStore } from '../jobs/store';
import { SqlModelStore } from '../models/store';
import { SqlRunStore } from '../runs/store';
import { PgDriver } from './pg-driver';
import type { RunStore } from '../runs/types';
import { Store, StoreCheck, StoreError, StoreInfo } from './store';

/** Any number that names mlnb's migration lock among the advisory locks of the database. */
const MIGRATION_LOCK = 0x6d6c6e62; // "mlnb"

/**
 * The team engine: one PostgreSQL database shared by every kernel, runner and service of a
 * team. A pool of a few connections per process; every write is one short transaction.
 */
export class PgStore implements Store {
  readonly runs: RunStore;
  readonly datasets: DatasetStore;
  readonly jobs: JobStore;
  readonly models: ModelStore;

  private constructor(
    readonly location: StoreLocation,
    readonly pool: Pool,
    readonly artifactRoot: string
  ) {
    const driver = PgDriver.over(pool, location.target);
    this.runs = new SqlRunStore(driver);
    this.datasets = new SqlDatasetStore(driver);
    this.jobs = new SqlJobStore(driver);
    this.models = new SqlModelStore(driver);
  }

  static async open(location: StoreLocation, artifactRoot = artifactRootFor(location)): Promise<PgStore> {
    const pool = createPool(location);
    try {
      await migrate(pool, location);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw connectionError(location, err);
    }
    return new PgStore(location, pool, artifactRoot);
  }

  async info(): Promise<StoreInfo> {
    const row = await one<{ value: string }>(this.pool, `SELECT value FROM store_meta WHERE key = 'id'`);
    return {
      engine: 'postgres',
      location: this.location.display,
      id: row?.value ?? '',
      schemaVersion: await schemaVersion(this.pool)
    };
  }

  async check(): Promise<StoreCheck> {
    const problems: string[] = [];
    const version = await schemaVersion(this.pool);
    if (version !== LATEST_SCHEMA_VERSION) {
      problems.push(`schema version ${version}, expected ${LATEST_SCHEMA_VERSION}`);
    }
    // PostgreSQL keeps its own pages sound; what can drift is ours: the search documents.
    const { missing } = (await one<{ missing: number }>(
      this.pool,
      'SELECT count(*) AS missing FROM datasets d WHERE NOT EXISTS (SELECT 1 FROM dataset_search s WHERE s.rowid = d.id)'
    ))!;
    if (missing > 0) {
      problems.push(`${missing} dataset(s) missing from the search index`);
    }
    return { ok: problems.length === 0, problems };
  }

  /**
   * Calls `listener` whenever another process commits a change to runs, datasets or models (LISTEN on
   * one dedicated connection). Resolves to a function that stops listening.
   */
  async onChange(listener: () => void, lost?: () => void): Promise<() => Promise<void>> {
    const client = new Client({ connectionString: this.location.target, application_name: 'mlnb-listen' });
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

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * Whether the database holds an mlnb store (any schema version), looked at without creating
 * or migrating anything: `mlnb store copy` must not make a store where it only reads one.
 */
export async function holdsPostgresStore(location: StoreLocation): Promise<boolean> {
  const pool = createPool(location, 1);
  try {
    return (await schemaVersion(pool)) > 0;
  } catch (err) {
    throw connectionError(location, err);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

async function schemaVersion(pool: Pool): Promise<number> {
  const table = await one<{ t: string | null }>(pool, `SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table?.t) {
    return 0;
  }
  return (await one<{ v: number }>(pool, 'SELECT coalesce(max(version), 0) AS v FROM schema_migrations'))!.v;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so two processes opening
 * a new store at once take turns; a store newer than this mlnb is left untouched.
 */
async function migrate(pool: Pool, location: StoreLocation): Promise<void> {
  const newer = (version: number) =>
    new StoreError(
      `The store ${location.display} has schema version ${version}, newer than this mlnb ` +
        `understands (${LATEST_SCHEMA_VERSION}). Upgrade mlnb; the store was left untouched.`
    );
  const current = await schemaVersion(pool);
  if (current > LATEST_SCHEMA_VERSION) {
    throw newer(current);
  }
  if (current === LATEST_SCHEMA_VERSION) {
    return;
  }
  await transaction(pool, async client => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    // Re-read inside the lock: another process may have migrated while we waited.
    const from = (await one<{ v: number }>(
      client,
      'SELECT coalesce(max(version), 0) AS v FROM schema_migrations'
    ))!.v;
    if (from > LATEST_SCHEMA_VERSION) {
      throw newer(from);
    }
    for (const step of MIGRATIONS.filter(m => m.version > from)) {
      await client.query(postgresSql(step));
      await run(client, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        step.version,
        step.name,
        new Date().toISOString()
      ]);
    }
    await run(
      client,
      `INSERT INTO store_meta (key, value) VALUES ('id', ?), ('created_at', ?) ON CONFLICT (key) DO NOTHING`,
      [randomUUID(), new Date().toISOString()]
    );
  });
}
