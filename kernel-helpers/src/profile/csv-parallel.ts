import { Worker } from 'node:worker_threads';
import { builtScript } from '../built-script';
import { checkTable, DelimitedReader, readDelimited, withoutByteOrderMark } from './csv';
import type { SegmentDone, SegmentMessage, WorkerResult } from './csv-worker';
import { ProfileError } from './errors';
import { CarryBuffer } from './read-file';
import { BAD_LINES_KEPT, TableAccumulator } from './table';

const QUOTE = 34;
const LF = 10;
/** Segments sent to a thread and not yet read, at most: bounds the memory in flight. */
const IN_FLIGHT = 2;

const workerScript = (): string | undefined => builtScript('profile/csv-worker.js');

/**
 * The end of the last whole record in buf (which starts at a record's start): after the last
 * line feed outside double quotes; 0 when there is none.
 */
export function lastRecordEnd(buf: Buffer): number {
  let quoted = false;
  let last = -1;
  let from = 0;
  for (;;) {
    const quote = buf.indexOf(QUOTE, from);
    const stop = quote < 0 ? buf.length : quote;
    if (!quoted && stop > from) {
      const lf = buf.lastIndexOf(LF, stop - 1);
      if (lf >= from) {
        last = lf;
      }
    }
    if (quote < 0) {
      return last + 1;
    }
    quoted = !quoted;
    from = quote + 1;
  }
}

/**
 * The same reading as readDelimited, on `threads` threads: this thread reads the header, cuts the
 * rest at record ends (line feeds outside quotes) into segments and deals them out; each thread
 * profiles its segments; the partial profiles merge (exactly: see each accumulator's merge).
 * Bad rows' lines are put back in file order from each segment's line count.
 */
export async function readDelimitedParallel(
  chunks: AsyncIterable<Buffer>,
  delimiter: ',' | '\t',
  file: string,
  threads: number
): Promise<TableAccumulator> {
  const script = workerScript();
  if (!script || threads < 2) {
    return readDelimited(chunks, delimiter, file);
  }
  const source = withoutByteOrderMark(chunks)[Symbol.asyncIterator]();
  // The header, in this thread.
  const header = new DelimitedReader(delimiter, file);
  const carry = new CarryBuffer();
  for (;;) {
    const next = await source.next();
    if (next.done) {
      header.records(carry.rest, true);
      return checkTable(header.table, file);
    }
    carry.keep(header.records(carry.append(next.value), false, true));
    if (header.table) {
      break;
    }
  }
  const names = header.table!.columns.map(c => c.name);
  const firstDataLine = header.line;
  const pool = new Pool(script, threads, { names, delimiter, file });
  let segment = 0;
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) {
        break;
      }
      const buf = carry.append(next.value);
      const end = lastRecordEnd(buf);
      if (end > 0) {
        await pool.send(segment++, buf.subarray(0, end), false);
      }
      carry.keep(end);
    }
    if (carry.rest.length) {
      await pool.send(segment++, carry.rest, true);
    }
    const results = await pool.finish();
    return merge(results, firstDataLine, file);
  } finally {
    await pool.close();
  }
}

function merge(results: WorkerResult[], firstDataLine: number, file: string): TableAccumulator {
  const tables = results.map(r => TableAccumulator.revive(r.table));
  const table = tables[0];
  for (const other of tables.slice(1)) {
    table.merge(other);
  }
  // Line of each segment's first record, then bad rows' lines in file order.
  const lineCounts = results.flatMap(r => r.lines).sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  let line = firstDataLine;
  for (const [segment, count] of lineCounts) {
    starts[segment] = line;
    line += count;
  }
  const bad = results
    .flatMap(r => r.bad)
    .map(([segment, within]) => starts[segment] + within - 1)
    .sort((a, b) => a - b);
  table.badLines.splice(0, table.badLines.length, ...bad.slice(0, BAD_LINES_KEPT));
  return checkTable(table, file);
}

/** Worker threads fed segments in file order, each to the least busy one. */
class Pool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  /** Segment buffers the threads handed back, to fill again (no garbage per segment). */
  private readonly free: ArrayBuffer[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    script: string,
    threads: number,
    workerData: { names: string[]; delimiter: string; file: string }
  ) {
    for (let i = 0; i < threads; i++) {
      const entry = { worker: new Worker(script, { workerData }), busy: 0 };
      entry.worker.on('message', (message: SegmentDone | { error?: string; profileError?: boolean }) => {
        if ('error' in message && message.error !== undefined) {
          this.fail(message.profileError ? new ProfileError(message.error) : new Error(message.error));
        } else if ('done' in message) {
          entry.busy--;
          this.free.push(message.buffer);
          this.wake?.();
        }
      });
      entry.worker.on('error', error => this.fail(error));
      this.workers.push(entry);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }

  async send(segment: number, data: Buffer, final: boolean): Promise<void> {
    for (;;) {
      if (this.failure) {
        throw this.failure;
      }
      const entry = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      if (entry.busy < IN_FLIGHT) {
        // A copy to hand over, in a buffer a thread gave back when one is big enough.
        const index = this.free.findIndex(b => b.byteLength >= data.length);
        const buffer =
          index >= 0 ? this.free.splice(index, 1)[0] : new ArrayBuffer(Math.max(data.length, 1 << 21));
        const bytes = new Uint8Array(buffer, 0, data.length);
        bytes.set(data);
        entry.busy++;
        const message: SegmentMessage = { segment, bytes, final };
        entry.worker.postMessage(message, [bytes.buffer]);
        return;
      }
      await new Promise<void>(resolve => (this.wake = resolve));
    }
  }

  async finish(): Promise<WorkerResult[]> {
    return Promise.all(
      this.workers.map(
        ({ worker }) =>
          new Promise<WorkerResult>((resolve, reject) => {
            const check = () => (this.failure ? reject(this.failure) : undefined);
            worker.on('message', (message: WorkerResult | { done?: number; error?: string }) => {
              if ('table' in message) {
                resolve(message);
              } else {
                check();
              }
            });
            worker.on('error', reject);
            check();
            worker.postMessage({ end: true });
          })
      )
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
