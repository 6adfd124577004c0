import type { ConcurrencyPolicy, GateResult, JobSchedule, NotebookSnapshot } from '../../contracts';
import type { ParamValue } from '../runs/types';

/** The job record and its attempts, as in schemas/job.schema.json (the mirrors generated in src/contracts). */
export type { ConcurrencyPolicy, GateResult, JobSchedule, NotebookSnapshot } from '../../contracts';

/** Who starts a job's attempts: mlnb's own scheduler, or an engine the job was exported to. */
export type JobEngine = 'mlnb' | 'airflow' | 'kubernetes' | 'argo';
export const JOB_ENGINES: readonly JobEngine[] = ['mlnb', 'airflow', 'kubernetes', 'argo'];

/** Whom a job's runs tell, and when; the runner sends it, so every engine's attempts notify. */
export interface JobNotify {
  on: 'failure' | 'success' | 'always';
  /** Receives JSON (with a Slack-compatible `text`). */
  webhook: string | null;
  /** Mailed over MLNB_SMTP_URL. */
  email: string | null;
}

export interface JobRecord {
  id: string;
  name: string;
  notebook: NotebookSnapshot;
  parameters: Record<string, ParamValue>;
  /** null: the job runs only when asked (`mlnb jobs run`, the Run button). */
  schedule: JobSchedule | null;
  enabled: boolean;
  retries: { count: number; backoffSeconds: number };
  timeoutSeconds: number | null;
  concurrency: ConcurrencyPolicy;
  /** Slots missed (the scheduler was down) within this many seconds still run, once. */
  startingDeadlineSeconds: number;
  /** Gate expressions, e.g. `val_acc >= 0.8`, `drift(penguins, 2) <= 0.25`. */
  gates: string[];
  /** mlnb's scheduler fires only jobs whose engine is `mlnb`. */
  engine: JobEngine;
  notify: JobNotify | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type NewJob = Omit<JobRecord, 'createdAt' | 'updatedAt'> & { createdAt: number };

export type JobPatch = Partial<
  Pick<
    JobRecord,
    | 'schedule'
    | 'enabled'
    | 'retries'
    | 'timeoutSeconds'
    | 'concurrency'
    | 'gates'
    | 'parameters'
    | 'engine'
    | 'notify'
  >
>;

/**
 * waiting: a retry waiting for its backoff; running; succeeded; failed (the notebook, a gate,
 * the timeout or the runner); killed (replaced by a newer slot, or cancelled); skipped (a slot
 * not started because an attempt ran, policy forbid); missed (a slot older than the starting
 * deadline when the scheduler came back).
 */
export type AttemptStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'killed' | 'skipped' | 'missed';

export const ACTIVE_STATUSES: readonly AttemptStatus[] = ['waiting', 'running'];

export interface AttemptRecord {
  id: string;
  jobId: string;
  trigger: 'schedule' | 'manual';
  /** The scheduled time this attempt belongs to (the request time for a manual run). */
  slot: string;
  /** 1 for the first try of a slot, 2 for its first retry...; 0 for a slot that never ran. */
  attempt: number;
  status: AttemptStatus;
  /** When a waiting retry is due. */
  dueAt: string | null;
  startTime: string | null;
  endTime: string | null;
  durationMs: number | null;
  runId: string | null;
  /** The executed notebook, relative to the artifact root. */
  executedNotebook: string | null;
  gateResults: GateResult[];
  error: string | null;
}

export interface NewAttempt {
  id: string;
  jobId: string;
  trigger: AttemptRecord['trigger'];
  slot: number;
  attempt: number;
  status: AttemptStatus;
  dueAt: number | null;
  startTime: number | null;
  endTime?: number | null;
  error?: string | null;
  /** Which scheduler process owns it: it alone starts, watches and finishes it. */
  owner: AttemptOwner;
}

export interface AttemptOwner {
  id: string;
  host: string;
  pid: number;
}

export interface AttemptPatch {
  status?: AttemptStatus;
  startTime?: number | null;
  endTime?: number | null;
  runId?: string | null;
  executedNotebook?: string | null;
  gateResults?: GateResult[];
  error?: string | null;
  /** The pid of the `mlnb run` process, so another scheduler on the host can stop it. */
  childPid?: number | null;
}

/** An active attempt with who owns it (for reaping, replacing). */
export type ActiveAttempt = AttemptRecord & { owner: AttemptOwner; childPid: number | null };

/** A job name that is taken; the message says so. */
export class JobExistsError extends Error {}

/** Jobs and their attempt history. Every write is its own short transaction. */
export interface JobStore {
  /** Throws JobExistsError when the name is taken. */
  create(job: NewJob): Promise<void>;
  /** By id, or by name. */
  get(idOrName: string): Promise<JobRecord | undefined>;
  list(): Promise<JobRecord[]>;
  update(id: string, patch: JobPatch, at: number): Promise<JobRecord | undefined>;
  /** Deletes the job, its slots and its history. */
  delete(id: string): Promise<boolean>;

  /**
   * The lease: records `slot` of the job as taken, with its first attempt, in one transaction.
   * Returns false (and writes nothing) when any scheduler took that slot before.
   */
  claimSlot(attempt: NewAttempt): Promise<boolean>;
  /** The latest slot taken for the job, in ms; null when none. */
  lastSlot(jobId: string): Promise<number | null>;
  addAttempt(attempt: NewAttempt): Promise<void>;
  /**
   * Changes an attempt when its status is one of `ifStatus` (default: any). Returns whether it
   * changed: a retry two schedulers both want is started by the one whose update wins.
   */
  updateAttempt(id: string, patch: AttemptPatch, ifStatus?: readonly AttemptStatus[]): Promise<boolean>;
  getAttempt(id: string): Promise<AttemptRecord | undefined>;
  /** Newest first. */
  history(jobId: string, limit?: number): Promise<AttemptRecord[]>;
  /** Waiting and running attempts, of one job or all. */
  active(jobId?: string): Promise<ActiveAttempt[]>;
}
