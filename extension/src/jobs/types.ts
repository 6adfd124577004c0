/**
 * Jobs as the service returns them (schemas/job.schema.json, plus what
 * kernel-helpers/src/server/routes/jobs.ts adds to a job: schedule in words, next runs, last attempt).
 */

export type ParamType = 'number' | 'string' | 'boolean' | 'json';

export type ConcurrencyPolicy = 'forbid' | 'allow' | 'replace';

export interface IJobSchedule {
  cron: string;
  /** An IANA time zone, e.g. Europe/Berlin. */
  timezone: string;
}

export type AttemptStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'killed' | 'skipped' | 'missed';

export interface IGateResult {
  gate: string;
  ok: boolean;
  observed: number | null;
  reason: string | null;
}

export interface IAttempt {
  id: string;
  jobId: string;
  trigger: 'schedule' | 'manual';
  slot: string;
  /** 1 for the first try of a slot, 2 for its first retry...; 0 for a slot that never ran. */
  attempt: number;
  status: AttemptStatus;
  dueAt: string | null;
  startTime: string | null;
  endTime: string | null;
  durationMs: number | null;
  runId: string | null;
  executedNotebook: string | null;
  gateResults: IGateResult[];
  error: string | null;
}

export interface IJob {
  id: string;
  name: string;
  notebook: { path: string; snapshot: string; sha256: string; gitCommit: string | null; cwd: string };
  parameters: Record<string, { type: ParamType; value: unknown }>;
  schedule: IJobSchedule | null;
  enabled: boolean;
  retries: { count: number; backoffSeconds: number };
  timeoutSeconds: number | null;
  concurrency: ConcurrencyPolicy;
  startingDeadlineSeconds: number;
  gates: string[];
  /** Who fires it: mlnb's scheduler, or the engine it was exported to (schemas/job.schema.json). */
  engine: 'mlnb' | 'airflow' | 'kubernetes' | 'argo';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Added by the service: the schedule in plain words, null when manual only. */
  scheduleText: string | null;
  /** The next fire times (ISO), none when paused or manual only. */
  nextRuns: string[];
  lastAttempt: IAttempt | null;
  activeAttempts: number;
}

/** The settings the dialog sends: POST /api/jobs adds notebook and name; PATCH takes these. */
export interface IJobSettings {
  schedule: IJobSchedule | null;
  parameters: Record<string, unknown>;
  retries: number;
  timeoutSeconds: number | null;
  concurrency: ConcurrencyPolicy;
  gates: string[];
}

/** GET /api/notebook-parameters: what the notebook declares, in its parameters cell and with %param. */
export interface IDeclaredParameter {
  name: string;
  type: ParamType;
  default: unknown;
  from: 'parameters-cell' | 'magic';
}

/** POST /api/jobs/preview-schedule */
export interface ISchedulePreview {
  description: string;
  next: string[];
}

/** A job change on the service's event stream (runs have their own events, ignored here). */
export type JobChange = { type: 'job-changed'; id: string } | { type: 'job-deleted'; id: string };

export function isJobChange(event: { type?: unknown }): event is JobChange {
  return event.type === 'job-changed' || event.type === 'job-deleted';
}
