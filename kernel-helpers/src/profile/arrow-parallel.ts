import type { DataType } from 'apache-arrow';
import { Worker } from 'node:worker_threads';
import { builtScript } from '../built-script';
import { arrowFields, readArrow } from './arrow';
import type { ArrowPart } from './arrow-worker';
import { ProfileError } from './errors';
import { TableAccumulator } from './table';

/**
 * Arrow's columns split over `threads` threads, each reading the batches itself (a positioned
 * read is cheap: 73 ms for flights-3m's 138 MB) and profiling its share; this thread takes the
 * first share and, beside it, the caller's sha256 read. Rows are never split, so nothing merges:
 * each column comes whole from the thread that read it. On flights-3m, 2 threads (README.md).
 */
export async function readArrowParallel(file: string, threads: number): Promise<TableAccumulator> {
  const script = builtScript('profile/arrow-worker.js');
  const shares = script && threads > 1 ? shareColumns(await arrowFields(file), threads) : [];
  if (!script || shares.length < 2) {
    return readArrow(file);
  }
  const workers = shares
    .slice(1)
    .map(columns => new Worker(script, { workerData: { file, columns } as ArrowPart }));
  try {
    const [table, ...parts] = await Promise.all([readArrow(file, shares[0]), ...workers.map(resultOf)]);
    parts.forEach((part, i) => table.adopt(part, shares[i + 1]));
    return table;
  } finally {
    await Promise.all(workers.map(worker => worker.terminate()));
  }
}

/** Weight of a column's reading: text (hashing and decoding its bytes) measured ~2x a number's. */
function weightOf(type: DataType): number {
  const name = String(type);
  return /Utf8|Dictionary/.test(name) ? 2 : 1;
}

/** The column indexes per thread, heaviest first to the least loaded; this thread's share also hashes. */
export function shareColumns(fields: { type: DataType }[], threads: number): number[][] {
  const count = Math.min(threads, fields.length);
  const shares = Array.from({ length: count }, (): number[] => []);
  const loads = shares.map((_, i): number => (i === 0 ? 0.5 : 0));
  const order = fields
    .map((field, j) => ({ j, weight: weightOf(field.type) }))
    .sort((a, b) => b.weight - a.weight);
  for (const { j, weight } of order) {
    const least = loads.indexOf(Math.min(...loads));
    shares[least].push(j);
    loads[least] += weight;
  }
  return shares.filter(share => share.length > 0).map(share => share.sort((a, b) => a - b));
}

function resultOf(worker: Worker): Promise<TableAccumulator> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { table?: TableAccumulator; error?: string; profileError?: boolean }) =>
      message.table
        ? resolve(TableAccumulator.revive(message.table))
        : reject(message.profileError ? new ProfileError(message.error!) : new Error(message.error))
    );
    worker.once('error', reject);
  });
}
