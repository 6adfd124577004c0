/**
 * A thread of the parallel Arrow reader (arrow-parallel.ts): profiles the columns it is given
 * from its own reading of the file and hands its TableAccumulator back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readArrow } from './arrow';
import { ProfileError } from './errors';

export interface ArrowPart {
  file: string;
  columns: number[];
}

const { file, columns } = workerData as ArrowPart;
readArrow(file, columns).then(
  table => parentPort!.postMessage({ table }),
  (error: Error) =>
    parentPort!.postMessage({ error: error.message, profileError: error instanceof ProfileError })
);
