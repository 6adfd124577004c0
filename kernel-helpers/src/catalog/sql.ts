import type { Database, SqlJsStatic } from 'sql.js';
import { display } from 'tslab';
import * as jupyter from 'tslab/dist/jupyter';
import { recorder } from '../api';
import { tablesOf } from '../magics/catalog';
import { DatasetError } from '../store/datasets/types';
import { columnsOf, TableLike } from './frame';
import type { DataFrame } from './load';
import { resolveDataset } from './resolve';

let engine: Promise<SqlJsStatic> | undefined;
/** Rows shown under a %%sql cell; the DataFrame has them all. */
const SHOWN_ROWS = 50;

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

function loadTable(db: Database, name: string, columns: Record<string, ArrayLike<unknown>>): void {
  const names = Object.keys(columns);
  if (names.length === 0) {
    throw new DatasetError(`The table "${name}" has no columns.`);
  }
  // Booleans are stored as 1 and 0, as SQLite itself does, so sum() and avg() work on them.
  const numeric = names.map(column =>
    Array.from(columns[column]).every(v => v == null || typeof v === 'number' || typeof v === 'boolean')
  );
  db.run(
    `CREATE TABLE ${quoteName(name)} (${names.map((c, i) => `${quoteName(c)} ${numeric[i] ? 'REAL' : 'TEXT'}`).join(', ')})`
  );
  const insert = db.prepare(`INSERT INTO ${quoteName(name)} VALUES (${names.map(() => '?').join(', ')})`);
  const rows = columns[names[0]].length;
  db.run('BEGIN');
  for (let i = 0; i < rows; i++) {
    insert.run(
      names.map(column => {
        const value = columns[column][i];
        if (value == null || (typeof value === 'number' && Number.isNaN(value))) {
          return null;
        }
        if (typeof value === 'boolean') {
          return value ? 1 : 0;
        }
        return typeof value === 'number' || typeof value === 'string' ? value : String(value);
      })
    );
  }
  db.run('COMMIT');
  insert.free();
}

function htmlTable(columns: string[], rows: unknown[][], total: number): string {
  const escape = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
  const head = columns.map(c => `<th>${escape(c)}</th>`).join('');
  const body = rows.map(r => `<tr>${r.map(v => `<td>${escape(v)}</td>`).join('')}</tr>`).join('');
  const more =
    total > rows.length ? `<p>${rows.length} of ${total} rows shown.</p>` : `<p>${total} rows.</p>`;
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/**
 * Runs SQL (SQLite's dialect, in memory with sql.js) over tables: the given DataFrames by name,
 * and catalog datasets (`"name"` or `"name@version"`) for the other names after FROM and JOIN,
 * which the run records as inputs. Shows the first rows and resolves to a danfo DataFrame.
 * `await mlnb.sql('SELECT species, avg(body_mass_g) FROM penguins GROUP BY species')`
 */
export async function sql(
  query: string,
  tables: Record<string, TableLike | undefined> = {}
): Promise<DataFrame> {
  // Loaded on first use: the kernel starts without paying for sql.js.
  engine ??= import('sql.js').then(module => module.default());
  const db = new (await engine).Database();
  try {
    for (const name of tablesOf(query)) {
      const given = tables[name];
      if (given !== undefined) {
        loadTable(db, name, columnsOf(given));
        continue;
      }
      const rec = recorder();
      const record = await resolveDataset(await rec.store(), name).catch((error: Error) => {
        throw new DatasetError(
          `"${name}" is neither a table in scope nor a catalog dataset: ${error.message}`
        );
      });
      const { readVersion } = await import('./load');
      const { table } = readVersion(record);
      loadTable(db, name, 'columns' in table ? table.columns : columnsOf(table.rows));
      await rec.dataRef(record.location, 'input', {
        dataset: `${record.name}@${record.version}`,
        sha256: record.sha256,
        rows: record.rows
      });
    }
    const results = db.exec(query);
    const last = results[results.length - 1] ?? { columns: [], values: [] };
    if (jupyter.lastWriteDisplayData != null) {
      display.html(htmlTable(last.columns, last.values.slice(0, SHOWN_ROWS), last.values.length));
    }
    const columns = Object.fromEntries(last.columns.map((c, i) => [c, last.values.map(row => row[i])]));
    const { toDataFrame } = await import('./load');
    return toDataFrame({ columns });
  } finally {
    db.close();
  }
}
