import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/engine/store';
import type { AttemptRecord } from '../../store/jobs/types';
import type { PipelineRecord, PipelineRun, StepRun } from '../../store/pipelines/types';
import type { Scheduler } from '../scheduler';
import { downstreamOf } from './graph';
import { holdLease, newLease } from './lease';

/**
 * Runs a pipeline as one unit: a parent run (the pipeline_runs row) whose steps are attempts of
 * the steps' jobs, started through the scheduler (so retries, timeout and gates are the jobs'),
 * each a tracked run tagged with the parent's id. A step starts once every step it depends on
 * succeeded, at most `maxParallel` at once; a failed step stops what depends on it, nothing else.
 * Each step loads the dataset versions its upstream steps registered in this run.
 */
export interface PipelineRunnerOptions {
  store: Store;
  /** Starts the steps' attempts (its jobs store is the store's). */
  scheduler: Scheduler;
  /** Told after each change of a pipeline's runs (the service's change feed listens). */
  onChange?: (pipelineId: string) => void;
  now?: () => number;
}

export interface StartedPipelineRun {
  run: PipelineRun;
  /** Resolves with the run as it ended. */
  done: Promise<PipelineRun>;
}

/**
 * Starts a run of the pipeline for (trigger, slot), or returns null when that slot was taken
 * already (another scheduler, or an earlier tick, started it). `inputs`: dataset versions handed
 * in (a data trigger's new version), loaded by every step that names the dataset bare.
 */
export async function startPipelineRun(
  options: PipelineRunnerOptions,
  pipeline: PipelineRecord,
  trigger: PipelineRun['trigger'],
  slot: number,
  inputs: Record<string, number> = {}
): Promise<StartedPipelineRun | null> {
  const now = (options.now ?? Date.now)();
  const id = randomUUID().replace(/-/g, '');
  const claimed = await options.store.pipelines.claimRun({
    id,
    pipelineId: pipeline.id,
    trigger,
    slot,
    inputs,
    startTime: now,
    steps: pipeline.steps.map(s => s.name),
    lease: newLease()
  });
  if (!claimed) {
    return null;
  }
  options.onChange?.(pipeline.id);
  return { run: (await options.store.pipelines.getRun(id))!, done: drive(options, pipeline, id) };
}

/** A run another process resumed between the check and the take-over. */
export class RunTakenError extends Error {
  readonly field = 'run';
}

/** The problem with resuming a run, for people; null when it can be resumed. */
export function resumeProblem(run: PipelineRun): string | null {
  if (run.status === 'running') {
    return `the pipeline run ${run.id} is still running.`;
  }
  if (run.status === 'succeeded') {
    return `every step of the pipeline run ${run.id} succeeded: there is nothing to resume.`;
  }
  return null;
}

/**
 * Resumes a failed run: its failed and stopped steps run again, the succeeded ones are kept, and
 * the steps that run load the dataset versions the kept steps registered in this run.
 */
export async function resumePipelineRun(
  options: PipelineRunnerOptions,
  pipeline: PipelineRecord,
  run: PipelineRun
): Promise<StartedPipelineRun> {
  const { pipelines } = options.store;
  if (!(await pipelines.takeOver(run.id, newLease()))) {
    throw new RunTakenError(`the pipeline run ${run.id} is running again: another process resumed it.`);
  }
  for (const step of run.steps.filter(s => s.status !== 'succeeded')) {
    await pipelines.updateStep(run.id, step.step, {
      status: 'pending',
      error: null,
      startTime: null,
      endTime: null
    });
  }
  options.onChange?.(pipeline.id);
  return { run: (await pipelines.getRun(run.id))!, done: drive(options, pipeline, run.id) };
}

/** The dataset versions a step registered, read from its run's outputs (`name@version`). */
export async function outputsOf(store: Store, runId: string | null): Promise<Record<string, number>> {
  const run = runId ? await store.runs.get(runId) : undefined;
  const outputs: Record<string, number> = {};
  for (const ref of run?.dataRefs ?? []) {
    const [name, version] = (ref.role === 'output' && ref.dataset?.split('@')) || [];
    if (name && Number.isInteger(Number(version))) {
      outputs[name] = Number(version);
    }
  }
  return outputs;
}

/** Drives the run while holding its lease. */
async function drive(
  options: PipelineRunnerOptions,
  pipeline: PipelineRecord,
  runId: string
): Promise<PipelineRun> {
  const release = holdLease(options.store, runId);
  try {
    return await driveSteps(options, pipeline, runId);
  } finally {
    release();
  }
}

async function driveSteps(
  options: PipelineRunnerOptions,
  pipeline: PipelineRecord,
  runId: string
): Promise<PipelineRun> {
  const { store, scheduler } = options;
  const now = options.now ?? Date.now;
  const changed = () => options.onChange?.(pipeline.id);
  const initial = (await store.pipelines.getRun(runId))!;
  const status = new Map<string, StepRun['status']>(initial.steps.map(s => [s.step, s.status]));
  // What bare dataset names mean in this run: the inputs handed in, then each step's outputs.
  const versions: Record<string, number> = { ...initial.inputs };
  for (const step of initial.steps.filter(s => s.status === 'succeeded')) {
    Object.assign(versions, step.outputs);
  }
  const running = new Map<string, Promise<void>>();

  const finishStep = async (name: string, final: StepEnd) => {
    const ok = final.status === 'succeeded';
    const outputs = ok ? await outputsOf(store, final.runId) : {};
    Object.assign(versions, outputs);
    status.set(name, ok ? 'succeeded' : 'failed');
    await store.pipelines.updateStep(runId, name, {
      status: ok ? 'succeeded' : 'failed',
      attemptId: final.id,
      runId: final.runId,
      outputs,
      error: ok ? null : (final.error ?? `the attempt ended ${final.status}`),
      endTime: now()
    });
    if (!ok) {
      for (const stopped of downstreamOf(pipeline.steps, name)) {
        if (status.get(stopped) === 'pending') {
          status.set(stopped, 'stopped');
          await store.pipelines.updateStep(runId, stopped, {
            status: 'stopped',
            error: `not run: the step "${name}" it depends on failed`
          });
        }
      }
    }
    changed();
  };

  const startStep = async (name: string) => {
    const step = pipeline.steps.find(s => s.name === name)!;
    status.set(name, 'running');
    const job = await store.jobs.get(step.jobId);
    if (!job) {
      await finishStep(name, notStarted(`the step's job ${step.jobId} is gone`));
      return;
    }
    await store.pipelines.updateStep(runId, name, { status: 'running', startTime: now(), runId: null });
    const { first, final } = await scheduler.runNow(job, {
      pipeline: pipeline.name,
      pipelineRunId: runId,
      step: name,
      datasetVersions: { ...versions }
    });
    await store.pipelines.updateStep(runId, name, { attemptId: first.id });
    changed();
    await finishStep(name, await final);
  };

  for (;;) {
    const ready = pipeline.steps.filter(
      step =>
        status.get(step.name) === 'pending' &&
        step.dependsOn.every(edge => status.get(edge.step) === 'succeeded')
    );
    for (const step of ready) {
      if (running.size >= pipeline.maxParallel) {
        break;
      }
      const work = startStep(step.name)
        .catch(async error =>
          finishStep(step.name, notStarted(`the step could not start: ${(error as Error).message}`))
        )
        .finally(() => running.delete(step.name));
      running.set(step.name, work);
    }
    if (running.size === 0) {
      break;
    }
    await Promise.race(running.values());
  }
  const allSucceeded = [...status.values()].every(s => s === 'succeeded');
  await store.pipelines.finishRun(runId, allSucceeded ? 'succeeded' : 'failed', now());
  changed();
  return (await store.pipelines.getRun(runId))!;
}

/** How a step's attempt chain ended: its last attempt, or none when it could not start. */
type StepEnd = Pick<AttemptRecord, 'status' | 'runId' | 'error'> & { id: string | null };

function notStarted(error: string): StepEnd {
  return { id: null, status: 'failed', runId: null, error };
}
