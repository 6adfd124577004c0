import Papa from 'papaparse';

/** Columns as CSV text (header row first), for storing a DataFrame registered to the catalog. */
export function columnsToCsv(columns: Record<string, ArrayLike<unknown>>): string {
  const names = Object.keys(columns);
  const rows = names.length ? columns[names[0]].length : 0;
  const data: unknown[][] = [];
  for (let i = 0; i < rows; i++) {
    data.push(names.map(name => cell(columns[name][i])));
  }
  return Papa.unparse({ fields: names, data }, { newline: '\n' });
}

function cell(value: unknown): unknown {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
    return '';
  }
  return value instanceof Date ? value.toISOString() : value;
}
