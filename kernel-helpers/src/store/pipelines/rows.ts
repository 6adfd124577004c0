import { encodedColumns, iso } from '../runs/rows';
import type {
  ExpiryCheck,
  NewPipeline,
  PipelineRecord,
  PipelineRun,
  PipelineStep,
  RunLease,
  StepRun,
  StepRunPatch
} from './types';

/** Rows of the pipeline tables and how they become records: the same for both engines. */

export interface PipelineRow {
  id: string;
  name: string;
  schedule_cron: string | null;
  schedule_tz: string | null;
  trigger_dataset: string | null;
  debounce_seconds: number | null;
  enabled: number;
  max_parallel: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface StepRow {
  pipeline_id: string;
  name: string;
  position: number;
  job_id: string;
  notebook: string;
  depends_on: string;
  loads: string;
  registers: string;
}

export interface RunRow {
  id: string;
  pipeline_id: string;
  trigger: PipelineRun['trigger'];
  slot: number;
  inputs: string;
  status: PipelineRun['status'];
  error: string | null;
  start_time: number;
  end_time: number | null;
  runner_host: string | null;
  runner_pid: number | null;
  lease_until: number;
}

export interface StepRunRow {
  step: string;
  status: StepRun['status'];
  attempt_id: string | null;
  run_id: string | null;
  outputs: string;
  error: string | null;
  start_time: number | null;
  end_time: number | null;
}

export function pipelineColumns(pipeline: NewPipeline) {
  return {
    id: pipeline.id,
    name: pipeline.name,
    schedule_cron: pipeline.schedule?.cron ?? null,
    schedule_tz: pipeline.schedule?.timezone ?? null,
    trigger_dataset: pipeline.onNewVersion?.dataset ?? null,
    debounce_seconds: pipeline.onNewVersion?.debounceSeconds ?? null,
    enabled: pipeline.enabled ? 1 : 0,
    max_parallel: pipeline.maxParallel,
    created_by: pipeline.createdBy,
    created_at: pipeline.createdAt
  };
}

export function stepColumns(pipelineId: string, step: PipelineStep, position: number) {
  return {
    pipeline_id: pipelineId,
    name: step.name,
    position,
    job_id: step.jobId,
    notebook: step.notebook,
    depends_on: JSON.stringify(step.dependsOn),
    loads: JSON.stringify(step.loads),
    registers: JSON.stringify(step.registers)
  };
}

export function toPipeline(row: PipelineRow, steps: StepRow[]): PipelineRecord {
  return {
    id: row.id,
    name: row.name,
    steps: steps.map(step => ({
      name: step.name,
      jobId: step.job_id,
      notebook: step.notebook,
      dependsOn: JSON.parse(step.depends_on),
      loads: JSON.parse(step.loads),
      registers: JSON.parse(step.registers)
    })),
    schedule: row.schedule_cron ? { cron: row.schedule_cron, timezone: row.schedule_tz ?? 'UTC' } : null,
    onNewVersion: row.trigger_dataset
      ? { dataset: row.trigger_dataset, debounceSeconds: row.debounce_seconds ?? 0 }
      : null,
    enabled: Boolean(row.enabled),
    maxParallel: row.max_parallel,
    createdBy: row.created_by,
    createdAt: iso(Number(row.created_at))!,
    updatedAt: iso(Number(row.updated_at))!
  };
}

export function toRun(row: RunRow, steps: StepRunRow[]): PipelineRun {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    trigger: row.trigger,
    slot: Number(row.slot),
    inputs: JSON.parse(row.inputs),
    status: row.status,
    error: row.error,
    startTime: iso(Number(row.start_time))!,
    endTime: row.end_time === null ? null : iso(Number(row.end_time)),
    steps: steps.map(step => ({
      step: step.step,
      status: step.status,
      attemptId: step.attempt_id,
      runId: step.run_id,
      outputs: JSON.parse(step.outputs),
      error: step.error,
      startTime: step.start_time === null ? null : iso(Number(step.start_time)),
      endTime: step.end_time === null ? null : iso(Number(step.end_time))
    }))
  };
}

/** A lease as the statements' parameters. */
export function leaseColumns(lease: RunLease) {
  return { runner_host: lease.host, runner_pid: lease.pid, lease_until: lease.until };
}

/**
 * Whether the runner of a running run stopped: its lease ran out (the runner renews it while
 * alive; a run from before the lease has none), or, on this host, its process is gone (known at
 * once, without waiting for the lease).
 */
export function runnerStopped(row: RunRow, check: ExpiryCheck): boolean {
  const goneHere =
    row.runner_host === check.host && row.runner_pid !== null && !check.isAlive(Number(row.runner_pid));
  return goneHere || Number(row.lease_until) < check.now;
}

/** Why a run whose runner stopped failed, and its steps, naming the runner. */
export function runnerStoppedReasons(row: RunRow): { run: string; running: string; pending: string } {
  const runner =
    row.runner_pid === null
      ? 'the pipeline runner'
      : `the pipeline runner (pid ${row.runner_pid} on ${row.runner_host})`;
  return {
    run: `${runner} stopped while the run was under way; resume the run to finish it`,
    running: `${runner} stopped while this step ran`,
    pending: `not run: ${runner} stopped`
  };
}

/** How each patchable step-run field is stored. */
const STEP_COLUMNS: Record<keyof StepRunPatch, [string, (value: unknown) => unknown]> = {
  status: ['status', v => v],
  attemptId: ['attempt_id', v => v],
  runId: ['run_id', v => v],
  outputs: ['outputs', v => JSON.stringify(v)],
  error: ['error', v => v],
  startTime: ['start_time', v => v],
  endTime: ['end_time', v => v]
};

/** The UPDATE of the fields `patch` sets; null when it sets none. */
export function stepRunUpdate(
  runId: string,
  step: string,
  patch: StepRunPatch
): { sql: string; params: Record<string, unknown> } | null {
  const columns = encodedColumns(STEP_COLUMNS, patch);
  const names = Object.keys(columns);
  if (names.length === 0) {
    return null;
  }
  return {
    sql: `UPDATE pipeline_step_runs SET ${names.map(n => `${n} = @${n}`).join(', ')}
      WHERE pipeline_run_id = @pipeline_run_id AND step = @step`,
    params: { ...columns, pipeline_run_id: runId, step }
  };
}
