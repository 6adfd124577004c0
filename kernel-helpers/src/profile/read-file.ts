import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { builtScript } from '../built-script';
import type { Sha256Message } from './sha256-worker';

/** Progress calls at most this often (the last one always comes). */
const PROGRESS_INTERVAL_MS = 100;
const CHUNK_BYTES = 1 << 20;

/** Calls `onProgress` at most every 100 ms, and always for the end. */
export function throttled(
  total: number,
  onProgress: ((bytesRead: number, totalBytes: number) => void) | undefined
): { add(bytes: number): void; end(): void } {
  let read = 0;
  let last = 0;
  return {
    add(bytes: number) {
      read += bytes;
      if (onProgress) {
        const now = Date.now();
        if (now - last >= PROGRESS_INTERVAL_MS && read < total) {
          last = now;
          onProgress(Math.min(read, total), total); // Parquet reads its footer twice
        }
      }
    },
    end() {
      onProgress?.(total, total);
    }
  };
}

/**
 * The file's bytes in chunks, each added to `hash` and counted for progress as it is read. The
 * next chunk is read while the consumer works on this one: the read's copy runs on libuv's thread
 * pool meanwhile, and the wait for it (long on a busy machine) is hidden. With
 * `reuse`, chunks are read into two buffers in turn: the consumer must copy what it keeps before
 * asking for the next (no garbage of a megabyte per chunk, which is what held memory up).
 */
export async function* chunksOf(
  file: string,
  hash: Hash,
  progress: { add(bytes: number): void },
  reuse = false
): AsyncGenerator<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let next = 0;
  let reading = handle.read(buffers[next], 0, CHUNK_BYTES, null);
  try {
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) {
        return;
      }
      next ^= 1;
      if (!reuse) {
        buffers[next] = Buffer.allocUnsafe(CHUNK_BYTES);
      }
      reading = handle.read(buffers[next], 0, CHUNK_BYTES, null);
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      progress.add(bytesRead);
      yield chunk;
    }
  } finally {
    // A read still in flight must end before the file is closed.
    await reading.catch(() => undefined);
    await handle.close();
  }
}

/** Bytes carried from chunk to chunk, in one buffer that grows as needed and is reused. */
export class CarryBuffer {
  private buf = Buffer.allocUnsafe(2 * CHUNK_BYTES);
  private length = 0;

  /** The carried bytes followed by `chunk` (valid until the next call). */
  append(chunk: Buffer): Buffer {
    const needed = this.length + chunk.length;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.buf.length));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.length);
    this.length = needed;
    return this.buf.subarray(0, needed);
  }

  /** Keeps the bytes from `from` on (of the last append) for the next one. */
  keep(from: number): void {
    this.buf.copy(this.buf, 0, from, this.length);
    this.length -= from;
  }

  get rest(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** From this size on, `sha256OfFile` hashes on a thread of its own (its start costs ~30 ms). */
const OFF_THREAD_BYTES = 32 << 20;
const hashScript = (): string | undefined => builtScript('profile/sha256-worker.js');

/**
 * sha256 of a whole file, read sequentially (for formats read out of order, beside the reader).
 * A large file is hashed on a thread of its own, on another core while this one profiles
 * (flights-3m as Arrow: 125 of 660 ms on one thread).
 */
export async function sha256OfFile(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const script = hashScript();
  if (script && (await fs.promises.stat(file)).size >= OFF_THREAD_BYTES) {
    return sha256OnThread(script, file, onBytes);
  }
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return hash.digest('hex');
}

function sha256OnThread(script: string, file: string, onBytes?: (bytes: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { file, chunkBytes: CHUNK_BYTES } });
    worker.on('message', (message: Sha256Message) => {
      if ('sha256' in message) {
        resolve(message.sha256);
      } else {
        onBytes?.(message.bytes);
      }
    });
    worker.on('error', reject);
    worker.on('exit', code => reject(new Error(`hashing ${file} stopped (exit code ${code})`)));
  });
}
