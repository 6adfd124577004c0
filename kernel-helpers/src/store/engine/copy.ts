import { createHash } from 'node:crypto';
import { pgTables, sqliteTables, STORE_TABLES, TableAccess } from './copy-tables';
import type { StoreLocation } from './locate';
import { PgStore } from './pg';
import { SqliteStore } from './sqlite';
import type { Store } from './store';
import { StoreError } from './store';

export interface TableReport {
  table: string;
  rows: number;
  /** sha256 over the rows in key order, read back from the target. */
  sha256: string;
  /** The same table's rows and checksum in the source. */
  matches: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  ok: boolean;
}

/** The tables whose rows make a store non-empty (store_meta always has the store's id). */
const USER_TABLES = STORE_TABLES.filter(t => t.name !== 'store_meta');

/**
 * Copies every row of `source` into `target` in one transaction of the target (a failure leaves
 * it as it was), then reads both back table by table and compares counts and checksums. Refuses
 * a target that holds runs, datasets or jobs unless `overwrite`, which empties it first.
 */
export async function copyStore(
  source: Store,
  target: Store,
  options: { overwrite?: boolean; progress?: (line: string) => void } = {}
): Promise<CopyReport> {
  const from = tablesOf(source);
  const to = tablesOf(target);
  const nonEmpty: string[] = [];
  for (const table of USER_TABLES) {
    if (await to.hasRows(table.name)) {
      nonEmpty.push(table.name);
    }
  }
  if (nonEmpty.length > 0 && !options.overwrite) {
    throw new StoreError(
      `The target store ${target.location.display} is not empty (${nonEmpty.join(', ')}): ` +
        'nothing was copied. Add --overwrite to replace its contents.'
    );
  }
  // The source is read in one snapshot, for the copy and for the comparison after it.
  await from.beginSnapshot();
  try {
    return await copyInto(from, to, options);
  } finally {
    await from.endSnapshot();
  }
}

async function copyInto(
  from: TableAccess,
  to: TableAccess,
  options: { progress?: (line: string) => void }
): Promise<CopyReport> {
  await to.begin();
  try {
    for (const table of [...STORE_TABLES].reverse()) {
      await to.clear(table.name);
    }
    for (const table of STORE_TABLES) {
      const { columns, key } = await readingOf(from, table);
      const started = Date.now();
      let rows = 0;
      for await (const batch of from.scan(table.name, columns, key)) {
        await to.write(table.name, columns, batch);
        rows += batch.length;
      }
      options.progress?.(
        `copied ${table.name}: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`
      );
    }
    await to.commit();
  } catch (err) {
    await to.rollback();
    throw err;
  }
  options.progress?.('comparing the copy with the source…');
  const tables: TableReport[] = [];
  for (const table of STORE_TABLES) {
    const reading = await readingOf(from, table);
    const [a, b] = [await checksum(from, table.name, reading), await checksum(to, table.name, reading)];
    tables.push({
      table: table.name,
      rows: b.rows,
      sha256: b.sha256,
      matches: a.rows === b.rows && a.sha256 === b.sha256
    });
  }
  return { tables, ok: tables.every(t => t.matches) };
}

function tablesOf(store: Store): TableAccess {
  if (store instanceof PgStore) {
    return pgTables(store.pool);
  }
  if (store instanceof SqliteStore) {
    return sqliteTables(store.db);
  }
  throw new StoreError(`mlnb store copy cannot read a ${store.location.engine} store.`);
}

/** The columns a copy reads of a table, and the unique key it reads them in. */
async function readingOf(
  access: TableAccess,
  table: (typeof STORE_TABLES)[number]
): Promise<{ columns: string[]; key: string[] }> {
  const columns = await access.columns(table.name);
  if (table.rowid) {
    return { columns: ['rowid', ...columns], key: ['rowid'] };
  }
  const key = await access.primaryKey(table.name);
  if (key.length === 0) {
    throw new StoreError(`The table ${table.name} has no primary key to copy it in order.`);
  }
  return { columns, key };
}

/** Rows in key order, each as JSON of its values: equal on both engines for equal contents. */
async function checksum(access: TableAccess, table: string, reading: { columns: string[]; key: string[] }) {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const batch of access.scan(table, reading.columns, reading.key)) {
    for (const row of batch) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
      rows++;
    }
  }
  return { rows, sha256: hash.digest('hex') };
}

/** `from` and `to` as locations, refusing the same store twice. */
export function sameStore(a: StoreLocation, b: StoreLocation): boolean {
  return a.engine === b.engine && a.target === b.target;
}
