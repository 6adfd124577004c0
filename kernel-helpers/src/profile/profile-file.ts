import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { readDelimitedParallel } from './csv-parallel';
import { ProfileError } from './errors';
import { formatOf, FORMATS } from './format';
import { readJsonArray, readJsonLines } from './json';
import { chunksOf, sha256OfFile, throttled } from './read-file';
import type { TableAccumulator } from './table';
import type { DatasetProfile, ProfileOptions } from './types';

export const DEFAULT_BINS = 20;

export function checkBins(bins: number | undefined): number {
  const value = bins ?? DEFAULT_BINS;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new ProfileError(`bins must be a whole number from 1 to 1000, not ${bins}`);
  }
  return value;
}

/**
 * Profiles a dataset file in one streaming pass: schema, statistics and histograms, with the
 * sha256 of its bytes. Memory stays bounded by the number of columns, not rows.
 */
export async function profileFile(file: string, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const format = options.format ?? formatOf(file);
  if (!FORMATS.includes(format)) {
    throw new ProfileError(`Unknown dataset format "${format}": use one of ${FORMATS.join(', ')}`);
  }
  const bins = checkBins(options.bins);
  const bytes = await sizeOf(file);
  if (bytes === 0) {
    throw new ProfileError(`${file} is empty (0 bytes): there is nothing to profile`);
  }
  const progress = throttled(bytes, options.onProgress);
  if (format === 'parquet' || format === 'arrow') {
    // Both are read by position, out of order (DuckDB by row group, Arrow by record batch): the
    // sha256 comes from a sequential read alongside. Each loads only when needed: the kernel
    // imports this module at start.
    const [profile, sha256] = await Promise.all([
      format === 'parquet'
        ? (await import('./parquet')).profileParquet(file, bins)
        : (await import('./arrow'))
            .readArrow(file)
            .then(table => ({ rows: table.rows, columns: table.profiles(bins) })),
      sha256OfFile(file, n => progress.add(n))
    ]);
    progress.end();
    return { format, rows: profile.rows, bytes, sha256, columns: profile.columns };
  }
  const hash = createHash('sha256');
  // The CSV readers copy what they keep; the JSON readers keep chunks.
  const chunks = chunksOf(file, hash, progress, format === 'csv' || format === 'tsv');
  const table: TableAccumulator =
    format === 'csv' || format === 'tsv'
      ? await readDelimitedParallel(chunks, format === 'csv' ? ',' : '\t', file, threadsFor(bytes, options))
      : format === 'json'
        ? await readJsonArray(chunks, file)
        : await readJsonLines(chunks, file);
  const sha256 = hash.digest('hex');
  progress.end();
  const badRows = table.badRows();
  return {
    format,
    rows: table.rows,
    bytes,
    sha256,
    columns: table.profiles(bins),
    ...(badRows ? { badRows } : {})
  };
}

/** Below this size one thread reads CSV and TSV faster than several can start. */
const PARALLEL_BYTES = 8 << 20;

/**
 * One thread, unless the file is large and there are 4 CPUs or more: then one fewer than the
 * CPUs (this thread reads, hashes and cuts the file), up to 4. On 2 CPUs two threads measured
 * no faster than one (README.md), and took 70 MB more.
 */
function threadsFor(bytes: number, options: ProfileOptions): number {
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new ProfileError(`threads must be a whole number of at least 1, not ${options.threads}`);
    }
    return options.threads;
  }
  const cpus = os.availableParallelism();
  return bytes < PARALLEL_BYTES || cpus < 4 ? 1 : Math.min(4, cpus - 1);
}

async function sizeOf(file: string): Promise<number> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProfileError(
      code === 'ENOENT'
        ? `No such file: ${file}`
        : code === 'EACCES'
          ? `Not allowed to read ${file}: check its permissions`
          : `Cannot read ${file}: ${(error as Error).message}`
    );
  }
  if (stat.isDirectory()) {
    throw new ProfileError(`${file} is a folder, not a dataset file`);
  }
  try {
    await fs.access(file, fs.constants.R_OK);
  } catch {
    throw new ProfileError(`Not allowed to read ${file}: check its permissions`);
  }
  return stat.size;
}
