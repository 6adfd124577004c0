/**
 * A thread that hashes a file (`sha256OfFile` in read-file.ts, for large files): posts the bytes
 * it reads as it goes, then the sha256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export type Sha256Message = { bytes: number } | { sha256: string };

const { file, chunkBytes } = workerData as { file: string; chunkBytes: number };
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(chunkBytes);
const fd = fs.openSync(file, 'r');
try {
  for (;;) {
    const read = fs.readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) {
      break;
    }
    hash.update(buffer.subarray(0, read));
    parentPort!.postMessage({ bytes: read } satisfies Sha256Message);
  }
} finally {
  fs.closeSync(fd);
}
parentPort!.postMessage({ sha256: hash.digest('hex') } satisfies Sha256Message);
