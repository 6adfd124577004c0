import { randomUUID } from 'node:crypto';
import type {
  AttemptOwner,
  AttemptRecord,
  AttemptStatus,
  DatasetVersionRef,
  GateResult,
  JobRecord,
  NewAttempt
} from '../store/jobs/types';

/** The contract between the scheduler and whatever runs an attempt (a child process, a test fake). */

/** A step's attempt within a pipeline run: its run carries the parent's id and loads its inputs. */
export interface PipelineStepContext {
  pipeline: string;
  pipelineRunId: string;
  step: string;
  /** The dataset versions a bare `name` means in the step (its upstream steps' outputs). */
  datasetVersions: Record<string, number>;
}

/** What an attempt is asked to do. */
export interface AttemptContext {
  attemptId: string;
  job: JobRecord;
  trigger: AttemptRecord['trigger'];
  slot: number;
  attempt: number;
  /** Set when the job is a step of a pipeline run. */
  pipeline?: PipelineStepContext;
  /** Set when a new version of the job's trigger dataset started it: the version it loads. */
  newVersion?: DatasetVersionRef;
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

/** The outcome of an attempt that could not even start (its runner threw). */
export function crashedOutcome(error: unknown): AttemptOutcome {
  return {
    ok: false,
    runId: null,
    executedNotebook: null,
    gateResults: [],
    error: `the attempt could not run: ${(error as Error)?.message ?? String(error)}`
  };
}

/** A new attempt of `job` to store, owned by this scheduler. */
export function newAttempt(
  owner: AttemptOwner,
  job: JobRecord,
  trigger: NewAttempt['trigger'],
  slot: number,
  attempt: number,
  status: AttemptStatus,
  startTime: number | null
): NewAttempt {
  return {
    id: randomUUID().replace(/-/g, ''),
    jobId: job.id,
    trigger,
    slot,
    attempt,
    status,
    dueAt: null,
    startTime,
    owner
  };
}
