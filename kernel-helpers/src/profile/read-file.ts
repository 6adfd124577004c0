import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';

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
          onProgress(read, total);
        }
      }
    },
    end() {
      onProgress?.(total, total);
    }
  };
}

/** The file's bytes in chunks, each added to `hash` and counted for progress as it is read. */
export async function* chunksOf(
  file: string,
  hash: Hash,
  progress: { add(bytes: number): void }
): AsyncGenerator<Buffer> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    progress.add(buf.length);
    yield buf;
  }
}

/** sha256 of a whole file, read sequentially (for formats read out of order). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
