import { randomUUID } from 'node:crypto';
import type { Driver } from './driver';
import type { StoreLocation } from './locate';
import { LATEST_SCHEMA_VERSION, Migration, MIGRATIONS } from './migrations';
import { StoreError } from './store';

/** How one engine keeps its schema version and runs a step. */
export interface Schema {
  /** The highest step applied; 0 for a database without a store (nothing is created to tell). */
  version(db: Driver): Promise<number>;
  /** The SQL the engine runs for a step. */
  sqlOf(step: Migration): string;
  /**
   * Run first in the migration's transaction so that two processes opening a new store at once
   * take turns (PostgreSQL's advisory lock; SQLite's IMMEDIATE transaction already does).
   */
  lock?: string;
  /** Run after each step (SQLite keeps the version in its header too). */
  afterStep?(step: Migration): string;
}

export function newerSchema(location: StoreLocation, version: number): StoreError {
  return new StoreError(
    `The store ${location.display} has schema version ${version}, newer than this mlnb ` +
      `understands (${LATEST_SCHEMA_VERSION}). Upgrade mlnb; the store was left untouched.`
  );
}

/**
 * Applies the pending migrations in one transaction, so that a failure leaves the store as it
 * was; a store newer than this mlnb is left untouched.
 */
export async function migrate(db: Driver, location: StoreLocation, schema: Schema): Promise<void> {
  const current = await schema.version(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw newerSchema(location, current);
  }
  if (current === LATEST_SCHEMA_VERSION) {
    return;
  }
  await db.transaction(
    async tx => {
      if (schema.lock) {
        await tx.run(schema.lock);
      }
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      // Re-read inside the lock: another process may have migrated while we waited.
      const from = await schema.version(tx);
      if (from > LATEST_SCHEMA_VERSION) {
        throw newerSchema(location, from);
      }
      for (const step of MIGRATIONS.filter(m => m.version > from)) {
        await tx.exec(schema.sqlOf(step));
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          step.version,
          step.name,
          new Date().toISOString()
        ]);
        if (schema.afterStep) {
          await tx.exec(schema.afterStep(step));
        }
      }
      await tx.run(
        `INSERT INTO store_meta (key, value) VALUES ('id', ?), ('created_at', ?) ON CONFLICT (key) DO NOTHING`,
        [randomUUID(), new Date().toISOString()]
      );
    },
    { immediate: true }
  );
}
