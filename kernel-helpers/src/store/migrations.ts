/**
 * The store's schema, one numbered step at a time. A step is never edited once released:
 * change the schema by appending a step. Each engine applies the steps it has not yet applied,
 * inside one transaction, and records them in `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  /** SQL understood by both engines where possible; an engine may override a step. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'store metadata',
    sql: `
      CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `
  }
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
