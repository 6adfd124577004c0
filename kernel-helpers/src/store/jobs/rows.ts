import type {
  AttemptPatch,
  AttemptRecord,
  AttemptStatus,
  DatasetVersionRef,
  JobRecord,
  NewAttempt,
  NewJob
} from './types';
import { encodedColumns, iso } from '../runs/rows';

/** Rows of the job tables and how they become records: the same for both engines. */

export interface JobRow {
  id: string;
  name: string;
  notebook: string;
  parameters: string;
  schedule_cron: string | null;
  schedule_tz: string | null;
  trigger_dataset: string | null;
  debounce_seconds: number | null;
  enabled: number;
  retries: number;
  backoff_seconds: number;
  timeout_seconds: number | null;
  concurrency: JobRecord['concurrency'];
  starting_deadline_seconds: number;
  gates: string;
  engine: JobRecord['engine'];
  notify: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface AttemptRow {
  id: string;
  job_id: string;
  trigger: AttemptRecord['trigger'];
  slot: number;
  attempt: number;
  status: AttemptStatus;
  due_at: number | null;
  start_time: number | null;
  end_time: number | null;
  run_id: string | null;
  executed_notebook: string | null;
  gate_results: string;
  error: string | null;
  owner_id: string;
  owner_host: string;
  owner_pid: number;
  child_pid: number | null;
  trigger_dataset: string | null;
  trigger_version: number | null;
}

/** How each patchable attempt field is stored. */
export const ATTEMPT_COLUMNS: Record<keyof AttemptPatch, [string, (value: unknown) => unknown]> = {
  status: ['status', v => v],
  startTime: ['start_time', v => v],
  endTime: ['end_time', v => v],
  runId: ['run_id', v => v],
  executedNotebook: ['executed_notebook', v => v],
  gateResults: ['gate_results', v => JSON.stringify(v)],
  error: ['error', v => v],
  childPid: ['child_pid', v => v]
};

export function jobColumns(
  job: Omit<JobRecord, 'createdAt' | 'updatedAt' | 'id' | 'name' | 'notebook' | 'createdBy'>
) {
  return {
    parameters: JSON.stringify(job.parameters),
    schedule_cron: job.schedule?.cron ?? null,
    schedule_tz: job.schedule?.timezone ?? null,
    trigger_dataset: job.onNewVersion?.dataset ?? null,
    debounce_seconds: job.onNewVersion?.debounceSeconds ?? null,
    enabled: job.enabled ? 1 : 0,
    retries: job.retries.count,
    backoff_seconds: job.retries.backoffSeconds,
    timeout_seconds: job.timeoutSeconds,
    concurrency: job.concurrency,
    starting_deadline_seconds: job.startingDeadlineSeconds,
    gates: JSON.stringify(job.gates),
    engine: job.engine,
    notify: job.notify ? JSON.stringify(job.notify) : null
  };
}

export function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    notebook: JSON.parse(row.notebook),
    parameters: JSON.parse(row.parameters),
    schedule: row.schedule_cron ? { cron: row.schedule_cron, timezone: row.schedule_tz ?? 'UTC' } : null,
    onNewVersion: row.trigger_dataset
      ? { dataset: row.trigger_dataset, debounceSeconds: row.debounce_seconds ?? 0 }
      : null,
    enabled: row.enabled === 1,
    retries: { count: row.retries, backoffSeconds: row.backoff_seconds },
    timeoutSeconds: row.timeout_seconds,
    concurrency: row.concurrency,
    startingDeadlineSeconds: row.starting_deadline_seconds,
    gates: JSON.parse(row.gates),
    engine: row.engine,
    notify: row.notify ? JSON.parse(row.notify) : null,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!
  };
}

/** The dataset version a data trigger's attempt loads; null for other attempts. */
export function newVersionOf(row: AttemptRow): DatasetVersionRef | null {
  return row.trigger_dataset && row.trigger_version !== null
    ? { dataset: row.trigger_dataset, version: Number(row.trigger_version) }
    : null;
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger,
    slot: iso(row.slot)!,
    datasetVersion: row.trigger_dataset ? `${row.trigger_dataset}@${row.trigger_version}` : null,
    attempt: row.attempt,
    status: row.status,
    dueAt: iso(row.due_at),
    startTime: iso(row.start_time),
    endTime: iso(row.end_time),
    durationMs: row.start_time !== null && row.end_time !== null ? row.end_time - row.start_time : null,
    runId: row.run_id,
    executedNotebook: row.executed_notebook,
    gateResults: JSON.parse(row.gate_results),
    error: row.error
  };
}

/** The columns of a new job row. */
export function newJobColumns(job: NewJob) {
  return {
    id: job.id,
    name: job.name,
    notebook: JSON.stringify(job.notebook),
    created_by: job.createdBy,
    created_at: job.createdAt,
    ...jobColumns(job)
  };
}

/** The columns of a new attempt row. */
export function attemptColumns(a: NewAttempt) {
  return {
    id: a.id,
    job_id: a.jobId,
    trigger: a.trigger,
    slot: a.slot,
    attempt: a.attempt,
    status: a.status,
    due_at: a.dueAt,
    start_time: a.startTime,
    end_time: a.endTime ?? null,
    error: a.error ?? null,
    owner_id: a.owner.id,
    owner_host: a.owner.host,
    owner_pid: a.owner.pid,
    created_at: Date.now(),
    trigger_dataset: a.newVersion?.dataset ?? null,
    trigger_version: a.newVersion?.version ?? null
  };
}

/** An UPDATE of the patched attempt columns, guarded by status; names come from ATTEMPT_COLUMNS. */
export function attemptUpdate(
  id: string,
  patch: AttemptPatch,
  ifStatus: readonly AttemptStatus[] = []
): { sql: string; params: Record<string, unknown> } | null {
  const columns = encodedColumns(ATTEMPT_COLUMNS, patch);
  const names = Object.keys(columns);
  if (names.length === 0) {
    return null;
  }
  const guard = ifStatus.length ? ` AND status IN (${ifStatus.map((_, i) => `@s${i}`).join(', ')})` : '';
  return {
    sql: `UPDATE job_attempts SET ${names.map(n => `${n} = @${n}`).join(', ')} WHERE id = @id${guard}`,
    params: { ...columns, ...Object.fromEntries(ifStatus.map((s, i) => [`s${i}`, s])), id }
  };
}
