import type Database from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { reindexDataset } from '../datasets/store';
import { numbered, PgDriver } from './pg-driver';
import { SqliteDriver } from './sqlite-driver';

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
  { name: 'job_attempts', key: ['id'] },
  { name: 'pipelines', key: ['id'] },
  { name: 'pipeline_steps', key: ['pipeline_id', 'name'] },
  { name: 'pipeline_runs', key: ['id'] },
  { name: 'pipeline_step_runs', key: ['pipeline_run_id', 'step'] },
  { name: 'models', key: ['name'] },
  { name: 'model_versions', key: ['model_name', 'version'] },
  { name: 'model_stage_history', key: ['rowid'], rowid: true },
  { name: 'incidents', key: ['id'] },
  { name: 'incident_notes', key: ['incident_id', 'seq'] },
  { name: 'reviews', key: ['id'] },
  { name: 'removals', key: ['id'] },
  { name: 'model_live_metrics', key: ['rowid'], rowid: true },
  { name: 'model_servers', key: ['address'] }
];

/** The columns PostgreSQL numbers from a sequence: every copied rowid, and datasets' ids. */
const SERIAL_COLUMNS: [string, string][] = [
  ...STORE_TABLES.filter(t => t.rowid).map((t): [string, string] => [t.name, 'rowid']),
  ['datasets', 'id']
];

export type Row = unknown[];

/** Raw access to one engine's tables, for `mlnb store copy`. Writes happen in one transaction. */
export interface TableAccess {
  columns(table: string): Promise<string[]>;
  /** Every row in key order, in batches: one sorted scan, however large the table. */
  scan(table: string, columns: string[], key: string[]): AsyncIterable<Row[]>;
  /** Whether the table has a row. */
  hasRows(table: string): Promise<boolean>;
  /** Every scan until `endSnapshot` reads one snapshot: writers elsewhere do not mix in. */
  beginSnapshot(): Promise<void>;
  endSnapshot(): Promise<void>;
  begin(): Promise<void>;
  clear(table: string): Promise<void>;
  write(table: string, columns: string[], rows: Row[]): Promise<void>;
  /** Rebuilds what is derived (search index, sequences), then commits. */
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const BATCH = 5_000;

const ordered = (table: string, columns: string[], key: string[]) =>
  `SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${key.join(', ')}`;

export function sqliteTables(db: Database.Database): TableAccess {
  return {
    async columns(table) {
      const info = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
      return info.map(c => c.name);
    },
    async *scan(table, columns, key) {
      let batch: Row[] = [];
      for (const row of db
        .prepare(ordered(table, columns, key))
        .raw()
        .iterate()) {
        batch.push(row as Row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) {
        yield batch;
      }
    },
    async hasRows(table) {
      return db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
    },
    // A read transaction: in WAL mode it sees the file as it was when it began.
    async beginSnapshot() {
      db.exec('BEGIN');
      db.prepare('SELECT 1 FROM store_meta LIMIT 1').get();
    },
    async endSnapshot() {
      if (db.inTransaction) {
        db.exec('COMMIT');
      }
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
      // Statements run at once inside this open transaction (the driver opens none of its own).
      const driver = SqliteDriver.over(db);
      db.prepare('DELETE FROM dataset_search').run();
      for (const { id } of db.prepare('SELECT id FROM datasets').all() as { id: number }[]) {
        await reindexDataset(driver, id);
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

/** Rows per INSERT … SELECT FROM unnest(…). */
const WRITE_BATCH = 20_000;

export function pgTables(pool: Pool): TableAccess {
  let client: PoolClient | undefined;
  let snapshot: PoolClient | undefined;
  const q = async (sql: string, params: unknown[] = []) => {
    const { text } = numbered(sql);
    return (await (client ?? pool).query({ text, values: params, rowMode: 'array' })).rows as Row[];
  };
  const typesOf = new Map<string, Map<string, string>>();
  /** Each column's type name (text, int8, float8…), for the arrays of a write. */
  const columnTypes = async (table: string) => {
    if (!typesOf.has(table)) {
      const rows = await q(
        `SELECT column_name, udt_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ?`,
        [table]
      );
      typesOf.set(table, new Map(rows.map(([name, type]) => [name as string, type as string])));
    }
    return typesOf.get(table)!;
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
    async *scan(table, columns, key) {
      // A cursor: PostgreSQL sorts once and hands out batches, in the snapshot when there is one.
      const reader = snapshot ?? (await pool.connect());
      try {
        if (!snapshot) {
          await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        }
        await reader.query(`DECLARE copy_scan NO SCROLL CURSOR FOR ${ordered(table, columns, key)}`);
        for (;;) {
          const { rows } = await reader.query({ text: `FETCH ${BATCH} FROM copy_scan`, rowMode: 'array' });
          if (rows.length === 0) {
            break;
          }
          yield rows as Row[];
        }
        await reader.query('CLOSE copy_scan');
      } finally {
        if (!snapshot) {
          await reader.query('ROLLBACK').catch(() => undefined);
          reader.release();
        }
      }
    },
    async hasRows(table) {
      return (await q(`SELECT 1 FROM ${table} LIMIT 1`)).length > 0;
    },
    async beginSnapshot() {
      snapshot = await pool.connect();
      await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    async endSnapshot() {
      if (snapshot) {
        await snapshot.query('ROLLBACK').catch(() => undefined);
        snapshot.release();
        snapshot = undefined;
      }
    },
    async begin() {
      client = await pool.connect();
      await client.query('BEGIN');
    },
    async clear(table) {
      await q(`DELETE FROM ${table}`);
    },
    async write(table, columns, rows) {
      // One array per column, unnested into rows: one statement per batch, parsed once.
      const types = await columnTypes(table);
      const casts = columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`).join(', ');
      for (let i = 0; i < rows.length; i += WRITE_BATCH) {
        const batch = rows.slice(i, i + WRITE_BATCH);
        await (client ?? pool).query(
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${casts})`,
          columns.map((_, c) => batch.map(row => row[c]))
        );
      }
    },
    async commit() {
      // Rows came with their ids: move each sequence past them, so new rows do not collide.
      for (const [table, column] of SERIAL_COLUMNS) {
        await q(
          `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), coalesce(max(${column}), 0) + 1, false) FROM ${table}`
        );
      }
      await q('DELETE FROM dataset_search');
      for (const [id] of await q('SELECT id FROM datasets')) {
        await reindexDataset(PgDriver.inTransaction(client!), id as number);
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
