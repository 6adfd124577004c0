import { createRequire } from 'node:module';
import * as path from 'node:path';

/** Tabular data a notebook holds: a danfo DataFrame, an array of records, or named columns. */
export type TableLike =
  | { columns: string[]; column(name: string): { values: ArrayLike<unknown> } }
  | Record<string, unknown>[]
  | Record<string, ArrayLike<unknown>>;

function isDataFrame(data: unknown): data is Extract<TableLike, { columns: string[] }> {
  const frame = data as { columns?: unknown; column?: unknown };
  return Array.isArray(frame?.columns) && typeof frame.column === 'function';
}

/** The columns of a table, by name, in order. */
export function columnsOf(data: unknown, only?: string[]): Record<string, ArrayLike<unknown>> {
  let columns: Record<string, ArrayLike<unknown>>;
  if (isDataFrame(data)) {
    columns = Object.fromEntries(data.columns.map(name => [name, data.column(name).values]));
  } else if (Array.isArray(data)) {
    const names = [...new Set(data.flatMap(row => Object.keys(row ?? {})))];
    columns = Object.fromEntries(names.map(name => [name, data.map(row => row?.[name] ?? null)]));
  } else if (data && typeof data === 'object' && Object.values(data).every(v => isArrayLike(v))) {
    columns = data as Record<string, ArrayLike<unknown>>;
  } else {
    throw new TypeError(
      'Expected a table: a danfo DataFrame, an array of row objects, or an object of equal-length column arrays.'
    );
  }
  if (!only || only.length === 0) {
    return columns;
  }
  const unknown = only.filter(name => !(name in columns));
  if (unknown.length) {
    throw new TypeError(
      `No column ${unknown.map(n => `"${n}"`).join(', ')}; the columns are ${Object.keys(columns).join(', ')}.`
    );
  }
  return Object.fromEntries(only.map(name => [name, columns[name]]));
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

/** A package as the notebook's folder resolves it (the user's install), else as mlnb does. */
export function requireFromNotebook<T>(name: string, cwd = process.cwd()): T {
  try {
    return createRequire(path.join(cwd, 'noop.js'))(name) as T;
  } catch {
    try {
      return createRequire(__filename)(name) as T;
    } catch {
      throw new Error(
        `This needs the npm package "${name}": npm install ${name} (in the notebook's folder).`
      );
    }
  }
}
