import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { Clock } from '../../src/jobs/clock';
import type { AttemptContext, AttemptOutcome, StartAttempt } from '../../src/jobs/scheduler';
import type { JobRecord, NewJob } from '../../src/store/jobs/types';
import type { Store } from '../../src/store/engine/store';

/** A clock the test moves by hand; the scheduler is driven with `tick()`. */
export class TestClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  setTimer(): () => void {
    return () => undefined; // The tests call tick() themselves.
  }
}

/** One attempt the fake starter was asked for; the test ends it. */
export interface FakeAttempt {
  context: AttemptContext;
  startedAt: number;
  killedWith: string | null;
  finish(outcome?: Partial<AttemptOutcome>): void;
}

/** A start-attempt function that runs nothing: each attempt waits until the test finishes it. */
export function fakeStarter(clock: Clock): { start: StartAttempt; attempts: FakeAttempt[] } {
  const attempts: FakeAttempt[] = [];
  const start: StartAttempt = context => {
    let resolve!: (outcome: AttemptOutcome) => void;
    const done = new Promise<AttemptOutcome>(r => (resolve = r));
    const attempt: FakeAttempt = {
      context,
      startedAt: clock.now(),
      killedWith: null,
      finish: (outcome = {}) =>
        resolve({ ok: true, runId: null, executedNotebook: null, gateResults: [], error: null, ...outcome })
    };
    attempts.push(attempt);
    return {
      pid: null,
      done,
      kill: reason => {
        attempt.killedWith = reason;
        attempt.finish({ ok: false, error: `killed: ${reason}` });
      }
    };
  };
  return { start, attempts };
}

/** Stores a job directly (no notebook needed for the scheduler's logic). */
export async function addJob(
  store: Store,
  fields: Partial<NewJob> & { name: string; createdAt: number }
): Promise<JobRecord> {
  const id = randomUUID().replace(/-/g, '');
  await store.jobs.create({
    id,
    notebook: {
      path: 'nb.ipynb',
      snapshot: path.posix.join('jobs', id, 'nb.ipynb'),
      sha256: '0'.repeat(64),
      gitCommit: null,
      cwd: '/tmp'
    },
    parameters: {},
    schedule: { cron: '* * * * *', timezone: 'UTC' },
    onNewVersion: null,
    enabled: true,
    retries: { count: 0, backoffSeconds: 10 },
    timeoutSeconds: null,
    concurrency: 'forbid',
    startingDeadlineSeconds: 300,
    gates: [],
    engine: 'mlnb',
    notify: null,
    createdBy: 'test',
    ...fields
  });
  return (await store.jobs.get(id))!;
}

/**
 * Until the wall clock, which dates catalog versions, is past `time`: a version registered within
 * a job's creation or resume millisecond is not newer than it (tests failed so in CI).
 */
export async function wallClockPast(time: number): Promise<void> {
  while (Date.now() <= time) {
    await new Promise(resolve => setImmediate(resolve));
  }
}
