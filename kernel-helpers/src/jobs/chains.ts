import type { AttemptRecord, AttemptStatus, JobStore } from '../store/jobs/types';
import type { AttemptContext } from './attempt-types';

const ENDED: readonly AttemptStatus[] = ['succeeded', 'failed', 'killed', 'skipped', 'missed'];

/** Whether an attempt status is final. */
export function isEnded(status: AttemptStatus): boolean {
  return ENDED.includes(status);
}

/** The attempts of one slot (a first try and its retries) share a key. */
function keyOf(context: Pick<AttemptContext, 'job' | 'trigger' | 'slot'>): string {
  return `${context.job.id} ${context.trigger} ${context.slot}`;
}

/**
 * Those awaiting the last attempt of a slot (`runNow`, for `mlnb jobs run`): settled when an
 * attempt ends with no retry after it, when a waiting retry is cancelled by another scheduler,
 * or when the job is deleted meanwhile.
 */
export class ChainWaiters {
  private readonly waiters = new Map<string, (final: AttemptRecord) => void>();
  /** Waiting retries of awaited chains, by attempt id. */
  private readonly retries = new Map<string, AttemptContext>();

  constructor(private readonly jobs: JobStore) {}

  /** Resolves with the chain's last attempt. */
  wait(context: Pick<AttemptContext, 'job' | 'trigger' | 'slot'>): Promise<AttemptRecord> {
    return new Promise(resolve => this.waiters.set(keyOf(context), resolve));
  }

  /** A retry was planned for the chain of `context`. */
  retryPlanned(context: AttemptContext): void {
    if (this.waiters.has(keyOf(context))) {
      this.retries.set(context.attemptId, context);
    }
  }

  /** A waiting retry started: its end settles the chain as usual. */
  retryStarted(attemptId: string): void {
    this.retries.delete(attemptId);
  }

  /** The attempt of `context` ended with nothing after it. */
  async ended(context: AttemptContext): Promise<void> {
    const waiter = this.waiters.get(keyOf(context));
    if (!waiter) {
      return;
    }
    this.waiters.delete(keyOf(context));
    const record = await this.jobs.getAttempt(context.attemptId);
    waiter(
      record ?? {
        id: context.attemptId,
        jobId: context.job.id,
        trigger: context.trigger,
        slot: new Date(context.slot).toISOString(),
        datasetVersion: context.newVersion
          ? `${context.newVersion.dataset}@${context.newVersion.version}`
          : null,
        attempt: context.attempt,
        status: 'killed',
        dueAt: null,
        startTime: null,
        endTime: null,
        durationMs: null,
        runId: null,
        executedNotebook: null,
        gateResults: [],
        error: 'the job was deleted while this attempt was under way'
      }
    );
  }

  /** Settles the chains whose waiting retry was cancelled (replace) or vanished (job deleted). */
  async checkRetries(): Promise<void> {
    for (const [id, context] of this.retries) {
      const attempt = await this.jobs.getAttempt(id);
      if (!attempt || isEnded(attempt.status)) {
        this.retries.delete(id);
        await this.ended(context);
      }
    }
  }
}
