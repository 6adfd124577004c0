import type { AttemptRecord, GateResult, JobRecord } from '../store/jobs/types';

/** The contract between the scheduler and whatever runs an attempt (a child process, a test fake). */

/** What an attempt is asked to do. */
export interface AttemptContext {
  attemptId: string;
  job: JobRecord;
  trigger: AttemptRecord['trigger'];
  slot: number;
  attempt: number;
}

export interface AttemptOutcome {
  ok: boolean;
  runId: string | null;
  executedNotebook: string | null;
  gateResults: GateResult[];
  /** Why it failed, for people; null when it succeeded. */
  error: string | null;
}

export interface StartedAttempt {
  /** The process running it, when there is one (so another scheduler can stop it). */
  pid: number | null;
  done: Promise<AttemptOutcome>;
  /** Stops it; `done` then resolves with a failure. */
  kill(reason: string): void;
}

export type StartAttempt = (context: AttemptContext) => StartedAttempt;
