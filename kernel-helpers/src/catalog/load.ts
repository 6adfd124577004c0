import type { DuckDBConnection } from '@duckdb/node-api';
import * as fs from 'node:fs';
import { withCodecs } from '../profile/arrow-codecs';
import { sha256OfFile } from '../profile/read-file';
import { DatasetError, DatasetRecord } from '../store/datasets/types';
import { attachColumns, columnsOfResult, connect, messageOf, quoteName, quoteText } from './duckdb';
import { requireFromNotebook } from './frame';

/** A slice of a dataset to load, read without reading the rest (Parquet skips row groups). */
export interface LoadOptions {
  /** Only these columns, in this order. */
  columns?: string[];
  /** A SQL condition (DuckDB's dialect) the rows must meet: `"delay > 60 AND origin = 'SFO'"`. */
  where?: string;
  /** At most this many rows. */
  limit?: number;
}

/** Files whose sha256 this process checked, by path: re-hashed only when their stat changes. */
const checked = new Map<string, { key: string; sha256: string }>();

/**
 * Checks that a version's file still has the content that was registered: a file changed in
 * place since would silently give other data under the same version. A file already checked by
 * this process is hashed again only when its size, modification time or inode changed (as git
 * trusts its index), so that repeated queries over a large file do not re-read it each time.
 */
export async function verifyVersion(record: DatasetRecord): Promise<void> {
  const label = `${record.name}@${record.version}`;
  let key: string;
  try {
    const stat = fs.statSync(record.location);
    key = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch (error) {
    throw new DatasetError(
      `${label}: cannot read ${record.location} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`
    );
  }
  const known = checked.get(record.location);
  const sha256 = known?.key === key ? known.sha256 : await sha256OfFile(record.location);
  checked.set(record.location, { key, sha256 });
  if (sha256 !== record.sha256) {
    throw new DatasetError(
      `${label}: ${record.location} changed since it was registered ` +
        `(sha256 ${sha256.slice(0, 12)}…, registered ${record.sha256.slice(0, 12)}…). ` +
        `Register it again to make the new content a new version.`
    );
  }
}

/** The SQL types of a CSV's columns, by the profile's type (datetime: DuckDB's guess). */
const CSV_TYPES: Record<string, string> = {
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  string: 'VARCHAR',
  categorical: 'VARCHAR'
};

/** What the CSV profile counts as missing (profile/README.md). */
const MISSING = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', '<NA>'];

/** The DuckDB table function that reads a version's file where it lies (Arrow: none). */
function scanOf(record: DatasetRecord): string | undefined {
  const file = quoteText(record.location);
  switch (record.format) {
    case 'parquet':
      return `read_parquet(${file})`;
    case 'csv':
    case 'tsv': {
      // The catalog's names and types (from the profile, which read every value): no second
      // read of the file to sniff them. Datetime columns are left to DuckDB's sniffer (DATE or
      // TIMESTAMP); the profile's missing markers are NULL.
      const names = `[${record.schema.map(c => quoteText(c.name)).join(', ')}]`;
      const types = record.schema
        .filter(c => c.type in CSV_TYPES)
        .map(c => `${quoteText(c.name)}: '${CSV_TYPES[c.type]}'`);
      const delimiter = record.format === 'csv' ? "','" : "'\\t'";
      return (
        `read_csv(${file}, header = true, delim = ${delimiter}, names = ${names}, ` +
        (types.length ? `types = {${types.join(', ')}}, ` : '') +
        // Rows whose field count differs from the header's were left out of the profile: here too.
        (record.badRows?.count ? 'ignore_errors = true, ' : '') +
        `nullstr = [${MISSING.map(quoteText).join(', ')}])`
      );
    }
    case 'json':
      return `read_json(${file}, format = 'array', sample_size = -1)`;
    case 'jsonl':
      return `read_json(${file}, format = 'newline_delimited', sample_size = -1)`;
    case 'arrow':
      return undefined;
    default:
      throw new DatasetError(
        `${record.name}@${record.version}: loading ${String(record.format)} files is not supported.`
      );
  }
}

/**
 * Makes the version readable as the table `name` on `connection`: a view over the file for the
 * formats DuckDB reads in place, a temporary table of its columns for Arrow (apache-arrow
 * reads it; DuckDB's Arrow reader is an extension that would be downloaded).
 */
export async function attachVersion(
  connection: DuckDBConnection,
  name: string,
  record: DatasetRecord
): Promise<void> {
  const scan = scanOf(record);
  if (scan !== undefined) {
    await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteName(name)} AS SELECT * FROM ${scan}`);
    return;
  }
  const arrow = withCodecs(requireFromNotebook<typeof import('apache-arrow')>('apache-arrow'));
  const { checkArrowFields } = await import('../profile/arrow');
  let table: import('apache-arrow').Table;
  try {
    table = arrow.tableFromIPC(fs.readFileSync(record.location));
  } catch (error) {
    throw new DatasetError(`${record.location} is not an Arrow IPC file: ${(error as Error).message}`);
  }
  checkArrowFields(table.schema.fields, record.location);
  const columns = Object.fromEntries(
    table.schema.fields.map((field, i) => {
      const vector = table.getChildAt(i)!;
      // Without nulls, numbers come as the typed array itself; otherwise value by value.
      const values =
        vector.nullCount === 0 && ArrayBuffer.isView(vector.toArray())
          ? (vector.toArray() as ArrayLike<unknown>)
          : Array.from({ length: vector.length }, (_, j) => vector.get(j) as unknown);
      return [field.name, temporal(field.type.typeId, arrow.Type) ? dates(values) : values];
    })
  );
  await attachColumns(connection, name, columns);
}

function temporal(typeId: number, Type: typeof import('apache-arrow').Type): boolean {
  return typeId === Type.Date || typeId === Type.Timestamp;
}

/** Arrow's dates and timestamps come as epoch ms (numbers or bigints). */
function dates(values: ArrayLike<unknown>): (Date | null)[] {
  return Array.from(values, v =>
    v === null || v === undefined ? null : v instanceof Date ? v : new Date(Number(v))
  );
}

/**
 * attachVersion, while the file's sha256 is checked alongside; a changed file is reported as
 * such, before whatever DuckDB made of its new content.
 */
export async function attachChecked(
  connection: DuckDBConnection,
  name: string,
  record: DatasetRecord
): Promise<void> {
  const [verified, attached] = await Promise.allSettled([
    verifyVersion(record),
    attachVersion(connection, name, record).catch((error: unknown) => {
      throw error instanceof DatasetError || (error as Error).name === 'ProfileError'
        ? error
        : new DatasetError(`${record.name}@${record.version} (${record.location}): ${messageOf(error)}`);
    })
  ]);
  for (const outcome of [verified, attached]) {
    if (outcome.status === 'rejected') {
      throw outcome.reason;
    }
  }
}

/**
 * Reads a version (or the slice `options` asks for) with DuckDB, after checking its sha256:
 * its columns as a danfo DataFrame takes them.
 */
export async function readVersion(
  record: DatasetRecord,
  options: LoadOptions = {}
): Promise<Record<string, unknown[]>> {
  const label = `${record.name}@${record.version}`;
  const known = record.schema.map(c => c.name);
  const unknown = (options.columns ?? []).filter(c => !known.includes(c));
  if (unknown.length) {
    throw new DatasetError(
      `${label} has no column ${unknown.map(c => `"${c}"`).join(', ')}; its columns are ${known.join(', ')}.`
    );
  }
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit >= 0)) {
    throw new DatasetError(`limit must be a whole number of rows (0 or more), not ${options.limit}.`);
  }
  const connection = await connect();
  try {
    await attachChecked(connection, 'version', record);
    const select = options.columns?.length ? options.columns.map(quoteName).join(', ') : '*';
    const where = options.where?.trim() ? ` WHERE ${options.where}` : '';
    const limit = options.limit !== undefined ? ` LIMIT ${options.limit}` : '';
    let result;
    try {
      result = await connection.runAndReadAll(`SELECT ${select} FROM version${where}${limit}`);
    } catch (error) {
      throw new DatasetError(`${label} (${record.location}): ${messageOf(error)}`);
    }
    return columnsOfResult(result);
  } finally {
    connection.closeSync();
  }
}

/** A danfo DataFrame (danfojs-node, as the notebook resolves it) of columns. */
export function toDataFrame(columns: Record<string, ArrayLike<unknown>>): DataFrame {
  const dfd = requireFromNotebook<{ DataFrame: new (data: unknown) => DataFrame }>('danfojs-node');
  return new dfd.DataFrame(columns);
}

/**
 * The part of a danfo DataFrame mlnb relies on; every other danfo method is there too.
 * (mlnb does not depend on danfo's types, so that notebooks without danfo still compile.)
 */
export interface DataFrame {
  shape: number[];
  columns: string[];
  column(name: string): { values: unknown[] };
  head(rows?: number): DataFrame;
  print(): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [member: string]: any;
}
