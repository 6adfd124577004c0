import type { DuckDBConnection, DuckDBInstance, DuckDBResultReader, DuckDBType } from '@duckdb/node-api';
import { DatasetError } from '../store/datasets/types';

/**
 * DuckDB (`@duckdb/node-api`) is the engine that reads catalog files in place and runs `%%sql`:
 * Parquet, CSV and JSON are scanned where they lie, Arrow files and DataFrames are appended a
 * column at a time. One in-memory instance per process; each caller gets its own connection,
 * so that the tables one query attaches are not another's.
 */
let instance: Promise<DuckDBInstance> | undefined;

/** A new connection (DuckDB loads on first use: ~80 ms of native start the kernel need not pay). */
export async function connect(): Promise<DuckDBConnection> {
  instance ??= import('@duckdb/node-api').then(duckdb => duckdb.DuckDBInstance.create(':memory:'));
  return (await instance).connect();
}

export const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Rows per appended chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;

type ColumnKind = 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' | 'TIMESTAMP';

/** The SQL type that holds every value of a column (numbers, booleans, dates, else text). */
function kindOf(values: ArrayLike<unknown>): ColumnKind {
  if (ArrayBuffer.isView(values)) {
    return 'DOUBLE';
  }
  let kind: ColumnKind | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      continue;
    }
    const k: ColumnKind =
      typeof v === 'number' || typeof v === 'bigint'
        ? 'DOUBLE'
        : typeof v === 'boolean'
          ? 'BOOLEAN'
          : v instanceof Date
            ? 'TIMESTAMP'
            : 'VARCHAR';
    if (kind !== undefined && k !== kind) {
      return 'VARCHAR';
    }
    kind = k;
  }
  return kind ?? 'VARCHAR';
}

/**
 * Creates the temporary table `name` holding `columns` (a DataFrame's, an Arrow file's), copied
 * a column at a time into DuckDB's vectors, 2,048 rows per chunk: no SQL per row.
 */
export async function attachColumns(
  connection: DuckDBConnection,
  name: string,
  columns: Record<string, ArrayLike<unknown>>
): Promise<void> {
  const duckdb = await import('@duckdb/node-api');
  const names = Object.keys(columns);
  if (names.length === 0) {
    throw new DatasetError(`The table "${name}" has no columns.`);
  }
  const kinds = names.map(column => kindOf(columns[column]));
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteName(name)} (${names.map((c, i) => `${quoteName(c)} ${kinds[i]}`).join(', ')})`
  );
  const types: DuckDBType[] = kinds.map(kind => duckdb[kind]);
  const convert = kinds.map(kind => valueFor(kind, duckdb.DuckDBTimestampValue));
  const appender = await connection.createAppender(name, 'main', 'temp');
  const rows = columns[names[0]].length;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, rows - start);
    const chunk = duckdb.DuckDBDataChunk.create(types, size);
    names.forEach((column, j) => {
      const values = columns[column];
      const vector = chunk.getColumnVector(j);
      const to = convert[j];
      for (let i = 0; i < size; i++) {
        vector.setItem(i, to(values[start + i]) as never);
      }
      vector.flush();
    });
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

function valueFor(
  kind: ColumnKind,
  Timestamp: typeof import('@duckdb/node-api').DuckDBTimestampValue
): (value: unknown) => unknown {
  const missing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  switch (kind) {
    case 'DOUBLE':
      return v => (missing(v) ? null : Number(v));
    case 'BOOLEAN':
      return v => (missing(v) ? null : v);
    case 'TIMESTAMP':
      return v => (missing(v) ? null : new Timestamp(BigInt((v as Date).getTime()) * 1000n));
    default:
      return v =>
        missing(v) ? null : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(v);
  }
}

/**
 * A result's columns as a danfo DataFrame takes them: 64-bit integers and decimals as numbers,
 * dates and timestamps as ISO text (as a CSV load gives them), nested values as JSON text.
 */
export function columnsOfResult(result: DuckDBResultReader): Record<string, unknown[]> {
  const columns = result.getColumnsObjectJS() as Record<string, unknown[]>;
  const names = result.columnNames();
  result.columnTypes().forEach((type, i) => {
    const values = columns[names[i]];
    const duck = type.toString();
    if (/INT|DECIMAL/.test(duck) && values.some(v => typeof v === 'bigint')) {
      columns[names[i]] = values.map(v => (v === null ? null : Number(v)));
    } else if (/^(DATE|TIMESTAMP)/.test(duck)) {
      columns[names[i]] = values.map(v =>
        v instanceof Date ? (duck === 'DATE' ? v.toISOString().slice(0, 10) : v.toISOString()) : v
      );
    } else if (/\[|STRUCT|MAP|UNION|BLOB|INTERVAL|TIME/.test(duck)) {
      columns[names[i]] = values.map(v => (v === null ? null : jsonText(v)));
    }
  });
  return columns;
}

function jsonText(value: unknown): string {
  return typeof value === 'string'
    ? value
    : JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

/** DuckDB's message without its error class prefix ("Binder Error: ..."), for a user. */
export function messageOf(error: unknown): string {
  return (error as Error).message
    .replace(/^[A-Za-z ]*Error: /, '')
    .replace(/\n+/g, ' ')
    .trim();
}
