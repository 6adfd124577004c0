import { display } from 'tslab';
import * as jupyter from 'tslab/dist/jupyter';
import { recorder } from '../api';
import { tablesOf } from '../magics/catalog';
import { DatasetError } from '../store/datasets/types';
import { attachColumns, columnsOfResult, connect, messageOf } from './duckdb';
import { columnsOf, TableLike } from './frame';
import type { DataFrame } from './load';
import { resolveDataset } from './resolve';

/** Rows shown under a %%sql cell; the DataFrame has them all. */
const SHOWN_ROWS = 50;

function htmlTable(columns: string[], rows: unknown[][], total: number): string {
  const escape = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
  const head = columns.map(c => `<th>${escape(c)}</th>`).join('');
  const body = rows.map(r => `<tr>${r.map(v => `<td>${escape(v)}</td>`).join('')}</tr>`).join('');
  const more =
    total > rows.length ? `<p>${rows.length} of ${total} rows shown.</p>` : `<p>${total} rows.</p>`;
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/**
 * Runs SQL (DuckDB's dialect) over tables: the given DataFrames by name, and catalog datasets
 * (`"name"` or `"name@version"`) for the other names after FROM and JOIN, which DuckDB reads
 * where they lie (Parquet, CSV, JSON; Arrow through apache-arrow) and the run records as
 * inputs. Shows the first rows and resolves to a danfo DataFrame.
 * `await mlnb.sql('SELECT species, avg(body_mass_g) FROM penguins GROUP BY species')`
 */
export async function sql(
  query: string,
  tables: Record<string, TableLike | undefined> = {}
): Promise<DataFrame> {
  const connection = await connect();
  try {
    for (const name of tablesOf(query)) {
      const given = tables[name];
      if (given !== undefined) {
        await attachColumns(connection, name, columnsOf(given));
        continue;
      }
      const rec = recorder();
      const record = await resolveDataset(await rec.store(), name).catch((error: Error) => {
        throw new DatasetError(
          `"${name}" is neither a table in scope nor a catalog dataset: ${error.message}`
        );
      });
      const { attachChecked } = await import('./load');
      await attachChecked(connection, name, record);
      await rec.dataRef(record.location, 'input', {
        dataset: `${record.name}@${record.version}`,
        sha256: record.sha256,
        rows: record.rows
      });
    }
    let result;
    try {
      result = await connection.runAndReadAll(query);
    } catch (error) {
      throw new DatasetError(`SQL: ${messageOf(error)}`);
    }
    const columns = columnsOfResult(result);
    const names = result.columnNames();
    const total = result.currentRowCount;
    if (jupyter.lastWriteDisplayData != null) {
      const shown = Array.from({ length: Math.min(total, SHOWN_ROWS) }, (_, i) =>
        names.map(n => columns[n][i])
      );
      display.html(htmlTable(names, shown, total));
    }
    const { toDataFrame } = await import('./load');
    return toDataFrame(columns);
  } finally {
    connection.closeSync();
  }
}
