import { createHash } from 'node:crypto';
import { ProfileError } from './errors';
import { checkBins } from './profile-file';
import { TableAccumulator } from './table';
import type { DatasetProfile } from './types';

/**
 * Profiles columns already in memory (a danfo DataFrame's columns, a query's result) with the
 * same statistics as a file. There are no file bytes: `sha256` and `bytes` are those of a
 * canonical CSV text of the columns (see `canonicalCell`), so equal data gives equal hashes.
 * Float32Array and Float64Array columns are `number` even when every value is whole.
 */
export function profileColumns(
  columns: Record<string, ArrayLike<unknown>>,
  options: { bins?: number } = {}
): DatasetProfile {
  const bins = checkBins(options.bins);
  const names = Object.keys(columns);
  const data = names.map(name => columns[name]);
  const rows = data.length ? data[0].length : 0;
  data.forEach((column, i) => {
    if (!column || typeof column.length !== 'number') {
      throw new ProfileError(`Column "${names[i]}" is not an array`);
    }
    if (column.length !== rows) {
      throw new ProfileError(
        `Columns differ in length: "${names[0]}" has ${rows} values, "${names[i]}" has ${column.length}`
      );
    }
  });
  const table = new TableAccumulator(names);
  const floats = data.map(c => c instanceof Float64Array || c instanceof Float32Array);
  const hash = createHash('sha256');
  let bytes = 0;
  const write = (text: string) => {
    const buf = Buffer.from(text, 'utf8');
    hash.update(buf);
    bytes += buf.length;
  };
  write(names.map(canonicalCell).join(',') + '\n');
  let lines: string[] = [];
  const cells: string[] = new Array(names.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < data.length; c++) {
      const value = data[c][r];
      table.columns[c].addValue(value, floats[c]);
      cells[c] = canonicalCell(value);
    }
    lines.push(cells.join(','));
    if (lines.length === 4096) {
      write(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) {
    write(lines.join('\n') + '\n');
  }
  table.rows = rows;
  return { format: 'csv', rows, bytes, sha256: hash.digest('hex'), columns: table.profiles(bins) };
}

/**
 * One value in the canonical CSV: missing (null, undefined, NaN) is empty; numbers as
 * String(n); Dates as ISO strings; objects as JSON; text in double quotes when it holds a comma,
 * quote or line break (quotes doubled). Lines end with \n; the header holds the column names.
 */
export function canonicalCell(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && value !== value)) {
    return '';
  }
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
