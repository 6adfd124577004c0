import * as os from 'node:os';
import * as path from 'node:path';
import type { DataFrame, LoadOptions } from './load';
import { columnsOf, TableLike } from './frame';
import { histogramFigure } from './figure';
import { resolveDataset } from './resolve';
import { recorder } from '../api';
import { plot } from '../display';
import type { DatasetHit, DatasetRecord, DatasetSearch } from '../store/datasets/types';

export type { DataFrame, LoadOptions } from './load';
export type { TableLike } from './frame';

export interface RegisterDatasetOptions {
  /** The catalog name (letters, digits, '_', '.', '-'). */
  name: string;
  /** Markdown shown in the catalog. */
  description?: string;
  tags?: string[];
  owner?: string;
}

/** Progress of a large file's profiling, as a line per tenth under the cell (small files: none). */
function progressLines(file: string): (read: number, total: number) => void {
  let shown = -1;
  return (read, total) => {
    const tenth = Math.floor((read / total) * 10);
    if (total >= LARGE_FILE_BYTES && tenth > shown) {
      shown = tenth;
      console.log(`profiling ${file}: ${tenth * 10}% of ${(total / 1e6).toFixed(0)} MB`);
    }
  };
}

/** Files from this size on report their profiling progress. */
const LARGE_FILE_BYTES = 50e6;

/** The shared dataset catalog, from a notebook. */
export const catalog = {
  /**
   * Profiles a file (csv, tsv, json, jsonl, arrow, parquet) or a table (a danfo DataFrame, rows, or
   * columns) and stores it as a version of `name`; the same content again is the same
   * version. The current run records it as an output. Resolves to the stored record.
   * `await mlnb.catalog.register('data/penguins.csv', { name: 'penguins', tags: ['demo'] })`
   */
  async register(data: string | TableLike, options: RegisterDatasetOptions): Promise<DatasetRecord> {
    const rec = recorder();
    const store = await rec.store();
    const run = rec.ensureRun();
    const common = { ...options, createdBy: os.userInfo().username, producedBy: run.id };
    // Loaded on use: the profiler's readers (apache-arrow, parquet) would slow every kernel's start.
    const { registerColumns, registerFile } = await import('./register');
    const { record, created } =
      typeof data === 'string'
        ? await registerFile(store, path.resolve(rec.cwd, data), {
            ...common,
            onProgress: progressLines(data)
          })
        : await (async () => {
            const columns = columnsOf(data);
            const { columnsToCsv } = await import('./csv');
            return registerColumns(store, columns, columnsToCsv(columns), common);
          })();
    await rec.dataRef(record.location, 'output', {
      dataset: `${record.name}@${record.version}`,
      sha256: record.sha256,
      rows: record.rows
    });
    console.log(
      created
        ? `Registered ${record.name}@${record.version}: ${record.rows} rows, ${record.schema.length} columns.`
        : `${record.name}@${record.version} already holds this content; no new version.`
    );
    return record;
  },

  /**
   * Loads `name` (its latest version) or `name@version` as a danfo DataFrame and records it
   * as an input of the current run; `options` load a slice (columns, rows that meet a SQL
   * condition, a limit) without reading the rest of a Parquet file.
   * `const df = await mlnb.catalog.load('flights@2', { columns: ['origin', 'delay'], where: 'delay > 60' })`
   */
  async load(ref: string, options: LoadOptions = {}): Promise<DataFrame> {
    const rec = recorder();
    const record = await resolveDataset(await rec.store(), ref);
    const { readVersion, toDataFrame } = await import('./load');
    const frame = toDataFrame(await readVersion(record, options));
    await rec.dataRef(record.location, 'input', {
      dataset: `${record.name}@${record.version}`,
      sha256: record.sha256,
      rows: record.rows
    });
    return frame;
  },

  /** The stored record of `name` or `name@version`: schema, statistics, histograms, annotations. */
  async show(ref: string): Promise<DatasetRecord> {
    return resolveDataset(await recorder().store(), ref);
  },

  /** Full-text search over names, descriptions, tags, annotations and column names. */
  async search(query: string, filters: Omit<DatasetSearch, 'query'> = {}): Promise<DatasetHit[]> {
    return (await recorder().store()).datasets.search({ ...filters, query });
  }
};

/**
 * Shows a histogram of each column (or of the named ones) of a table in the notebook:
 * `mlnb.hist(df)`, `mlnb.hist(df, ['bill_length_mm', 'species'])`.
 */
export async function hist(data: TableLike, columns?: string[]): Promise<void> {
  const { profileColumns } = await import('../profile');
  const profile = profileColumns(columnsOf(data, columns));
  plot(histogramFigure(profile.columns));
}
