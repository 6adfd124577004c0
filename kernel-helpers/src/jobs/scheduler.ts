import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { AttemptOwner, AttemptRecord, JobRecord, NewAttempt } from '../store/jobs/types';
import { isProcessAlive } from '../store/engine/liveness';
import {
  AttemptContext,
  AttemptOutcome,
  crashedOutcome,
  newAttempt,
  PipelineStepContext,
  StartedAttempt
} from './attempt-types';
import { ChainWaiters } from './chains';
import { JobFiring } from './firing';
import { failOrphanedAttempts } from './orphans';
import type { SchedulerOptions, TickWork } from './scheduler-options';

export type { AttemptContext, AttemptOutcome, StartAttempt, StartedAttempt } from './attempt-types';
export type { SchedulerOptions, TickWork } from './scheduler-options';

/** Retry backoff doubles each time, up to this (ms). */
const MAX_BACKOFF_MS = 3_600_000;
const REAP_EVERY_MS = 30_000;

/**
 * Fires jobs (their schedules and data triggers: JobFiring) and runs their attempts: one `tick()`
 * does everything due at the clock's now (fire due slots and new versions, start due retries), so
 * the logic runs the same under a test's clock as under the system's. Failures are retried with
 * exponential backoff.
 */
export class Scheduler {
  readonly owner: AttemptOwner;
  private readonly running = new Map<string, StartedAttempt>();
  private readonly firing: JobFiring;
  private readonly waiters: ChainWaiters;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly tickWork: TickWork[] = [];
  /** The pipeline step of each waiting retry this scheduler planned (its attempt carries it on). */
  private readonly retryPipeline = new Map<string, PipelineStepContext>();
  private wakeAt = Infinity;
  private lastReap = -Infinity;
  private cancelTimer: (() => void) | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = true;
  /** After stop(): failures are no longer retried. */
  private halted = false;

  constructor(private readonly options: SchedulerOptions) {
    this.waiters = new ChainWaiters(options.jobs);
    this.owner = options.owner ?? {
      id: randomUUID().replace(/-/g, ''),
      host: os.hostname(),
      pid: process.pid
    };
    this.firing = new JobFiring(options, this.owner, {
      launch: (job, attempt) => this.launch(job, attempt),
      changed: id => this.changed(id),
      running: id => this.running.get(id)
    });
  }

  /** When the next slot or retry is due (ms), as of the last tick. */
  get nextWake(): number {
    return this.wakeAt;
  }

  /** Attempts this scheduler is running now. */
  get runningCount(): number {
    return this.running.size;
  }

  /** Does what is due now: reap orphans now and then, fire due slots, start due retries. */
  async tick(): Promise<void> {
    const now = this.options.clock.now();
    let wake = Infinity;
    if (now - this.lastReap >= REAP_EVERY_MS) {
      this.lastReap = now;
      await failOrphanedAttempts(
        this.options.jobs,
        this.owner,
        this.options.isAlive ?? isProcessAlive,
        now,
        id => this.changed(id)
      );
    }
    if (this.options.fireSchedules !== false) {
      for (const job of await this.options.jobs.list()) {
        // A job owned by Airflow, Kubernetes or Argo is fired there, never here too.
        if (job.enabled && job.engine === 'mlnb') {
          wake = Math.min(wake, await this.firing.fire(job, now));
        }
      }
      for (const work of this.tickWork) {
        wake = Math.min(wake, await work(now));
      }
    }
    wake = Math.min(wake, await this.startDueRetries(now));
    await this.waiters.checkRetries();
    this.wakeAt = wake;
  }

  /**
   * Runs the job now (not subject to its concurrency policy); resolves with its last attempt.
   * `pipeline`: the job is a step of a pipeline run (its retries stay that step's).
   */
  async runNow(
    job: JobRecord,
    pipeline?: PipelineStepContext
  ): Promise<{ first: AttemptRecord; final: Promise<AttemptRecord> }> {
    const now = this.options.clock.now();
    const attempt = newAttempt(this.owner, job, 'manual', now, 1, 'running', now);
    const final = this.waiters.wait({ job, trigger: 'manual', slot: now });
    await this.options.jobs.addAttempt(attempt);
    this.changed(job.id);
    const first = (await this.options.jobs.getAttempt(attempt.id))!;
    await this.launch(job, { ...attempt, pipeline });
    return { first, final };
  }

  /** Adds work to each tick that fires schedules (what starts pipelines). */
  addTickWork(work: TickWork): void {
    this.tickWork.push(work);
  }

  /** Waits until every attempt that ended has been recorded (and its retry planned). */
  async settled(): Promise<void> {
    await new Promise(resolve => setImmediate(resolve));
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Runs ticks on the clock: at each due time, and at least every `pollMs`. */
  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    this.halted = false;
    this.loop();
  }

  /** Stops the loop and the running attempts (recorded failed, with the reason). */
  async stop(reason = 'the scheduler stopped'): Promise<void> {
    this.stopped = true;
    this.halted = true;
    this.cancelTimer?.();
    await this.ticking;
    const running = [...this.running.values()];
    running.forEach(attempt => attempt.kill(reason));
    await Promise.allSettled(running.map(attempt => attempt.done));
    await this.settled();
  }

  private loop(): void {
    if (this.stopped) {
      return;
    }
    this.ticking = this.tick()
      .catch(() => undefined) // The store is busy for a moment: the next tick tries again.
      .finally(() => {
        this.ticking = undefined;
        if (this.stopped) {
          return;
        }
        const now = this.options.clock.now();
        const wait = Math.min(this.wakeAt - now, this.options.pollMs ?? 1000);
        this.cancelTimer = this.options.clock.setTimer(() => this.loop(), Math.max(0, wait));
      });
  }

  /** Starts this scheduler's retries whose backoff is over; returns when the next one is due. */
  private async startDueRetries(now: number): Promise<number> {
    let next = Infinity;
    for (const waiting of await this.options.jobs.active()) {
      if (waiting.status !== 'waiting' || waiting.owner.id !== this.owner.id) {
        continue;
      }
      const due = Date.parse(waiting.dueAt!);
      if (due > now) {
        next = Math.min(next, due);
        continue;
      }
      const job = await this.options.jobs.get(waiting.jobId);
      if (
        !job ||
        !(await this.options.jobs.updateAttempt(waiting.id, { status: 'running', startTime: now }, [
          'waiting'
        ]))
      ) {
        continue;
      }
      this.waiters.retryStarted(waiting.id);
      this.changed(job.id);
      await this.launch(job, {
        id: waiting.id,
        trigger: waiting.trigger,
        slot: Date.parse(waiting.slot),
        attempt: waiting.attempt,
        newVersion: waiting.newVersion,
        pipeline: this.retryPipeline.get(waiting.id)
      });
      this.retryPipeline.delete(waiting.id);
    }
    return next;
  }

  private async launch(
    job: JobRecord,
    attempt: Pick<NewAttempt, 'id' | 'trigger' | 'slot' | 'attempt' | 'newVersion'> & {
      pipeline?: PipelineStepContext;
    }
  ): Promise<void> {
    const context: AttemptContext = {
      attemptId: attempt.id,
      job,
      trigger: attempt.trigger,
      slot: attempt.slot,
      attempt: attempt.attempt,
      ...(attempt.pipeline ? { pipeline: attempt.pipeline } : {}),
      ...(attempt.newVersion ? { newVersion: attempt.newVersion } : {})
    };
    let started: StartedAttempt;
    try {
      started = this.options.startAttempt(context);
    } catch (error) {
      started = { pid: null, kill: () => undefined, done: Promise.resolve(crashedOutcome(error)) };
    }
    this.running.set(attempt.id, started);
    if (started.pid) {
      await this.options.jobs.updateAttempt(attempt.id, { childPid: started.pid });
    }
    void started.done
      .catch(error => crashedOutcome(error))
      .then(outcome => {
        // A store that is gone (the service closing) leaves the attempt to the orphan reaper.
        const finishing = this.finish(job, context, outcome).catch(() => undefined);
        this.inFlight.add(finishing);
        void finishing.finally(() => this.inFlight.delete(finishing));
      });
  }

  private async finish(job: JobRecord, context: AttemptContext, outcome: AttemptOutcome): Promise<void> {
    const { jobs, clock } = this.options;
    this.running.delete(context.attemptId);
    const now = clock.now();
    const results = {
      runId: outcome.runId,
      executedNotebook: outcome.executedNotebook,
      gateResults: outcome.gateResults
    };
    const status = outcome.ok ? 'succeeded' : 'failed';
    const recorded = await jobs.updateAttempt(
      context.attemptId,
      { ...results, status, endTime: now, error: outcome.error },
      ['running']
    );
    if (!recorded) {
      // Replaced or cancelled meanwhile: keep what it produced, not a status.
      await jobs.updateAttempt(context.attemptId, results);
    }
    this.changed(job.id);
    const retries = job.retries;
    if (recorded && !outcome.ok && context.attempt <= retries.count && !this.halted) {
      const backoff = Math.min(retries.backoffSeconds * 1000 * 2 ** (context.attempt - 1), MAX_BACKOFF_MS);
      const retry = newAttempt(
        this.owner,
        job,
        context.trigger,
        context.slot,
        context.attempt + 1,
        'waiting',
        null
      );
      await jobs.addAttempt({ ...retry, dueAt: now + backoff, newVersion: context.newVersion });
      if (context.pipeline) {
        this.retryPipeline.set(retry.id, context.pipeline);
      }
      this.waiters.retryPlanned({ ...context, attemptId: retry.id, attempt: retry.attempt });
      this.wakeAt = Math.min(this.wakeAt, now + backoff);
      this.changed(job.id);
      this.rearm();
      return;
    }
    await this.waiters.ended(context);
  }

  /** A retry was planned: wake the loop in time for it. */
  private rearm(): void {
    if (this.stopped || this.ticking) {
      return;
    }
    this.cancelTimer?.();
    this.loop();
  }

  private changed(jobId: string): void {
    this.options.onChange?.(jobId);
  }
}
