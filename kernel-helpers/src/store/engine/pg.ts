import type { Pool } from 'pg';
import { artifactRootFor } from './artifacts';
import type { Driver } from './driver';
import type { StoreLocation } from './locate';
import { migrate, Schema } from './migrate';
import { postgresSql } from './migrations';
import { connectionError, createPool } from './pg-pool';
import { PgDriver } from './pg-driver';
import { SqlStore } from './sql-store';

/** Any number that names mlnb's migration lock among the advisory locks of the database. */
const MIGRATION_LOCK = 0x6d6c6e62; // "mlnb"

/**
 * PostgreSQL reads the version from schema_migrations, runs each step translated, and takes an
 * advisory lock so that two processes opening a new store at once take turns.
 */
const POSTGRES_SCHEMA: Schema = {
  async version(db: Driver) {
    const table = await db.get<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
    if (!table?.t) {
      return 0;
    }
    return (await db.get<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations'))!.v;
  },
  sqlOf: postgresSql,
  lock: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`
};

/**
 * The team engine: one PostgreSQL database shared by every kernel, runner and service of a
 * team. A pool of a few connections per process; every write is one short transaction.
 */
export class PgStore extends SqlStore {
  private constructor(
    location: StoreLocation,
    /** The pool, for `mlnb store copy` (copy-tables.ts). */
    readonly pool: Pool,
    artifactRoot: string
  ) {
    super(location, artifactRoot, PgDriver.over(pool, location.target));
  }

  static async open(location: StoreLocation, artifactRoot = artifactRootFor(location)): Promise<PgStore> {
    const pool = createPool(location);
    const store = new PgStore(location, pool, artifactRoot);
    try {
      await migrate(store.driver, location, POSTGRES_SCHEMA);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw connectionError(location, err);
    }
    return store;
  }

  protected schemaVersion(): Promise<number> {
    return POSTGRES_SCHEMA.version(this.driver);
  }

  /** PostgreSQL keeps its own pages sound; what can drift is ours: the search rows. */
  protected async engineProblems(): Promise<string[]> {
    const { missing } = (await this.driver.get<{ missing: number }>(
      'SELECT count(*) AS missing FROM datasets d WHERE NOT EXISTS (SELECT 1 FROM dataset_search s WHERE s.rowid = d.id)'
    ))!;
    return missing > 0 ? [`${missing} dataset(s) missing from the search index`] : [];
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
    return (await POSTGRES_SCHEMA.version(PgDriver.over(pool, location.target))) > 0;
  } catch (err) {
    throw connectionError(location, err);
  } finally {
    await pool.end().catch(() => undefined);
  }
}
