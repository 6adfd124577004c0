/**
 * A thread of the parallel CSV reader (csv-parallel.ts): reads the segments it is sent (whole
 * records, in file order) into its own TableAccumulator and hands that back at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DelimitedReader } from './csv';
import { ProfileError } from './errors';
import { TableAccumulator } from './table';

export interface SegmentMessage {
  segment: number;
  bytes: Uint8Array;
  final: boolean;
}

/** A segment read: its buffer goes back to be filled again. */
export interface SegmentDone {
  done: number;
  buffer: ArrayBuffer;
}

export interface WorkerResult {
  table: TableAccumulator;
  /** [segment, line breaks in it]. */
  lines: [number, number][];
  /** [segment, line within it (1-based)] of its first bad rows. */
  bad: [number, number][];
}

const { names, delimiter, file } = workerData as { names: string[]; delimiter: ',' | '\t'; file: string };
const reader = new DelimitedReader(delimiter, file);
const table = new TableAccumulator(names);
reader.table = table;
const result: WorkerResult = { table, lines: [], bad: [] };

parentPort!.on('message', (message: SegmentMessage | { end: true }) => {
  try {
    if ('end' in message) {
      parentPort!.postMessage(result);
      return;
    }
    const { segment, bytes, final } = message;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const before = table.badLines.length;
    reader.line = 1;
    reader.records(buf, final);
    result.lines.push([segment, reader.line - 1]);
    for (let i = before; i < table.badLines.length; i++) {
      result.bad.push([segment, table.badLines[i]]);
    }
    const done: SegmentDone = { done: segment, buffer: bytes.buffer as ArrayBuffer };
    parentPort!.postMessage(done, [done.buffer]);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message, profileError: error instanceof ProfileError });
  }
});
