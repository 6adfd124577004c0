import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive } from '../store/engine/liveness';
import { lineageEndpoint } from './config';

/**
 * The on-disk backlog of events for the HTTP receiver: one file per event in `pending/`, named
 * so that names sort in emission order. A file rather than a table: the backlog belongs to the
 * machine that could not reach the receiver, must be written when the store itself is the
 * problem, and needs no migration. Sending takes `flush.lock` so that processes do not send the
 * same event twice; it stops at the first event the receiver cannot take now (down, 5xx), so
 * that the receiver sees events in order; an event it refuses (4xx) moves to `rejected/` with
 * the answer, to be inspected, never retried.
 */

/** One request waits at most this long: a receiver that hangs must not hold up a run. */
const REQUEST_TIMEOUT_MS = 5_000;
/** A flush waits this long for another process's flush to end. */
const LOCK_WAIT_MS = 10_000;

export interface Rejected {
  file: string;
  status: number;
  body: string;
  event: unknown;
}

export interface OutboxStatus {
  dir: string;
  pending: number;
  rejected: Rejected[];
}

export interface FlushResult {
  sent: number;
  rejected: Rejected[];
  /** Why sending stopped with events still pending (the receiver is down, a 5xx). */
  stopped: string | null;
  pending: number;
}

let counter = 0;

export class Outbox {
  constructor(readonly dir: string) {}

  private get pendingDir() {
    return path.join(this.dir, 'pending');
  }

  private get rejectedDir() {
    return path.join(this.dir, 'rejected');
  }

  add(event: unknown): void {
    fs.mkdirSync(this.pendingDir, { recursive: true });
    const name = `${String(Date.now()).padStart(15, '0')}-${String(process.pid).padStart(8, '0')}-${String(counter++).padStart(6, '0')}.json`;
    // Written whole, then renamed: a sender never reads half an event.
    const temporary = path.join(this.dir, `.${name}`);
    fs.writeFileSync(temporary, JSON.stringify(event));
    fs.renameSync(temporary, path.join(this.pendingDir, name));
  }

  pending(): string[] {
    return fs.existsSync(this.pendingDir)
      ? fs
          .readdirSync(this.pendingDir)
          .filter(n => n.endsWith('.json'))
          .sort()
      : [];
  }

  status(): OutboxStatus {
    const rejected = fs.existsSync(this.rejectedDir)
      ? fs
          .readdirSync(this.rejectedDir)
          .sort()
          .map(name => JSON.parse(fs.readFileSync(path.join(this.rejectedDir, name), 'utf8')) as Rejected)
      : [];
    return { dir: this.dir, pending: this.pending().length, rejected };
  }

  /** Sends the backlog in order; never throws for the receiver's sake. */
  async flush(url: string, apiKey: string | null, warn: (message: string) => void): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, rejected: [], stopped: null, pending: 0 };
    const release = await this.lock();
    if (!release) {
      result.stopped = 'another process is sending the backlog';
      result.pending = this.pending().length;
      return result;
    }
    try {
      const endpoint = lineageEndpoint(url);
      for (const name of this.pending()) {
        const file = path.join(this.pendingDir, name);
        const body = fs.readFileSync(file, 'utf8');
        const answer = await post(endpoint, body, apiKey);
        if ('error' in answer) {
          result.stopped = `${endpoint} cannot be reached: ${answer.error}`;
          break;
        }
        if (answer.status >= 200 && answer.status < 300) {
          fs.rmSync(file);
          result.sent++;
        } else if (
          answer.status >= 400 &&
          answer.status < 500 &&
          answer.status !== 408 &&
          answer.status !== 429
        ) {
          const rejected: Rejected = {
            file: name,
            status: answer.status,
            body: answer.body,
            event: JSON.parse(body)
          };
          fs.mkdirSync(this.rejectedDir, { recursive: true });
          fs.writeFileSync(path.join(this.rejectedDir, name), JSON.stringify(rejected, null, 1));
          fs.rmSync(file);
          result.rejected.push(rejected);
          warn(
            `mlnb: the OpenLineage receiver refused an event (HTTP ${answer.status}): ${answer.body.slice(0, 500)} (kept in ${this.rejectedDir})`
          );
        } else {
          result.stopped = `${endpoint} answered HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
          break;
        }
      }
    } finally {
      release();
    }
    result.pending = this.pending().length;
    return result;
  }

  /** Takes flush.lock (waiting for a live holder, taking over a dead one's); null when it stays held. */
  private async lock(): Promise<(() => void) | null> {
    fs.mkdirSync(this.dir, { recursive: true });
    const lock = path.join(this.dir, 'flush.lock');
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
        return () => fs.rmSync(lock, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw error;
        }
      }
      const holder = Number(fs.readFileSync(lock, 'utf8').trim() || 0);
      if (!holder || !isProcessAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        return null;
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
}

async function post(
  endpoint: string,
  body: string,
  apiKey: string | null
): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {})
      },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
