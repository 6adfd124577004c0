import type Database from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { numbered } from './pg-db';
import { reindexDataset } from './pg-datasets';
import { SqliteDatasetStore } from './sqlite-datasets';

/**
 * Every table of the store in the order a copy writes them (parents first), each with a unique
 * key to read it in the same order on both engines. `rowid` is copied where SQLite's implicit
 * rowid carries meaning (page order of runs, order of points and notes); PostgreSQL has a column.
 */
export const STORE_TABLES: readonly { name: string; key: string[]; rowid?: boolean }[] = [
  { name: 'store_meta', key: ['key'] },
  { name: 'runs', key: ['rowid'], rowid: true },
  { name: 'run_cells', key: ['run_id', 'seq'] },
  { name: 'run_params', key: ['run_id', 'name'] },
  { name: 'run_metrics', key: ['rowid'], rowid: true },
  { name: 'run_latest_metrics', key: ['run_id', 'key'] },
  { name: 'run_tags', key: ['run_id', 'key'] },
  { name: 'run_data_refs', key: ['run_id', 'seq'] },
  { name: 'run_artifacts', key: ['run_id', 'path'] },
  { name: 'datasets', key: ['id'] },
  { name: 'dataset_tags', key: ['dataset_id', 'tag'] },
  { name: 'dataset_versions', key: ['dataset_id', 'version'] },
  { name: 'dataset_notes', key: ['rowid'], rowid: true },
  { name: 'jobs', key: ['id'] },
  { name: 'job_slots', key: ['job_id', 'slot'] },
  { name: 'job_attempts', key: ['id'] }
];

export type Row = unknown[];

/** Raw access to one engine's tables, for `mlnb store copy`. Writes happen in one transaction. */
export interface TableAccess {
  columns(table: string): Promise<string[]>;
  /** Up to `limit` rows after the key `after` (null: from the start), in key order. */
  read(table: string, columns: string[], key: string[], after: Row | null, limit: number): Promise<Row[]>;
  begin(): Promise<void>;
  clear(table: string): Promise<void>;
  write(table: string, columns: string[], rows: Row[]): Promise<void>;
  /** Rebuilds what is derived (search index, sequences), then commits. */
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const keyedRead = (table: string, columns: string[], key: string[], after: Row | null, limit: number) =>
  `SELECT ${columns.join(', ')} FROM ${table}
    ${after ? `WHERE (${key.join(', ')}) > (${key.map(() => '?').join(', ')})` : ''}
    ORDER BY ${key.join(', ')} LIMIT ${Number(limit)}`;

export function sqliteTables(db: Database.Database): TableAccess {
  return {
    async columns(table) {
      const info = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
      return info.map(c => c.name);
    },
    async read(table, columns, key, after, limit) {
      return db
        .prepare(keyedRead(table, columns, key, after, limit))
        .raw()
        .all(...(after ?? [])) as Row[];
    },
    async begin() {
      db.exec('BEGIN IMMEDIATE');
    },
    async clear(table) {
      db.prepare(`DELETE FROM ${table}`).run();
    },
    async write(table, columns, rows) {
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
      );
      for (const row of rows) {
        insert.run(...(row as never[]));
      }
    },
    async commit() {
      const datasets = new SqliteDatasetStore(db);
      db.prepare('DELETE FROM dataset_search').run();
      for (const { id } of db.prepare('SELECT id FROM datasets').all() as { id: number }[]) {
        datasets.reindex(id);
      }
      db.exec('COMMIT');
    },
    async rollback() {
      if (db.inTransaction) {
        db.exec('ROLLBACK');
      }
    }
  };
}

/** Batches of at most this many values per INSERT (PostgreSQL allows 65535 parameters). */
const MAX_PARAMS = 30_000;

export function pgTables(pool: Pool): TableAccess {
  let client: PoolClient | undefined;
  const q = async (sql: string, params: unknown[] = []) => {
    const { text } = numbered(sql);
    return (await (client ?? pool).query({ text, values: params, rowMode: 'array' })).rows as Row[];
  };
  return {
    async columns(table) {
      const rows = await q(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ? AND column_name <> 'rowid'
          ORDER BY ordinal_position`,
        [table]
      );
      return rows.map(r => r[0] as string);
    },
    async read(table, columns, key, after, limit) {
      return q(keyedRead(table, columns, key, after, limit), after ?? []);
    },
    async begin() {
      client = await pool.connect();
      await client.query('BEGIN');
    },
    async clear(table) {
      await q(`DELETE FROM ${table}`);
    },
    async write(table, columns, rows) {
      const perBatch = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      for (let i = 0; i < rows.length; i += perBatch) {
        const batch = rows.slice(i, i + perBatch);
        const values = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
        await q(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, batch.flat());
      }
    },
    async commit() {
      // Rows came with their ids: move each sequence past them, so new rows do not collide.
      for (const [table, column] of [
        ['runs', 'rowid'],
        ['run_metrics', 'rowid'],
        ['dataset_notes', 'rowid'],
        ['datasets', 'id']
      ]) {
        await q(
          `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), coalesce(max(${column}), 0) + 1, false) FROM ${table}`
        );
      }
      await q('DELETE FROM dataset_search');
      for (const [id] of await q('SELECT id FROM datasets')) {
        await reindexDataset(client!, id as number);
      }
      await client!.query('COMMIT');
      client!.release();
      client = undefined;
    },
    async rollback() {
      if (client) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        client = undefined;
      }
    }
  };
}
