import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { experimentOf } from '../../capture/code-version';
import { readNotebook } from '../../runner/notebook';
import { declaredParameters } from '../../runner/parameters';
import type { Store } from '../../store/engine/store';
import type { JobRecord, JobSchedule } from '../../store/jobs/types';
import { PipelineEdge, PipelineExistsError, PipelineRecord, PipelineStep } from '../../store/pipelines/types';
import { checkSchedule } from '../cron';
import { checkDataTrigger, DataTriggerInput } from '../data-trigger';
import { createJob, deleteJob, isJobInputProblem, typedParameters } from '../define';
import { notebookDatasets } from './datasets';
import { orderSteps } from './graph';

/** One step as a person gives it (the CLI's notebooks, a pipeline file's entry). */
export interface StepInput {
  notebook: string;
  /** Default: the notebook's file name without `.ipynb`. */
  name?: string;
  /** Steps this one runs after, besides those whose datasets it loads. */
  after?: string[];
  /** `name=value` pairs (the CLI) or typed values (a pipeline file). */
  params?: string[] | Record<string, unknown>;
  retries?: number;
  backoffSeconds?: number;
  timeoutSeconds?: number | null;
  gates?: string[];
}

export interface PipelineInput {
  name: string;
  steps: StepInput[];
  schedule?: JobSchedule | null;
  onNewVersion?: DataTriggerInput;
  maxParallel?: number;
  enabled?: boolean;
  createdBy?: string;
}

/** A pipeline that cannot be defined as given; `field` names the part at fault. */
export class PipelineInputError extends Error {
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message);
  }
}

/** The errors a person fixes by changing what they asked (exit 2, HTTP 400/409). */
export function isPipelineInputProblem(error: unknown): error is Error & { field?: string } {
  return (
    error instanceof PipelineInputError || error instanceof PipelineExistsError || isJobInputProblem(error)
  );
}

const NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;
const STEP_NAME = /^[A-Za-z_][\w-]{0,63}$/;
export const DEFAULT_MAX_PARALLEL = 2;

/** The job that holds a step: `<pipeline>.<step>` (not listed among jobs). */
export function stepJobName(pipeline: string, step: string): string {
  return `${pipeline}.${step}`;
}

/** A step's name from its notebook: `features.ipynb` → `features`. */
function defaultStepName(notebook: string): string {
  const base = path
    .basename(notebook)
    .replace(/\.ipynb$/i, '')
    .replace(/[^\w-]+/g, '_');
  return /^[A-Za-z_]/.test(base) ? base : `_${base}`;
}

/** `-p step.name=value` pairs, split by step; a pair for an unknown step is refused with its name. */
export function paramsByStep(pairs: string[], steps: string[]): Map<string, string[]> {
  const byStep = new Map<string, string[]>(steps.map(s => [s, []]));
  for (const pair of pairs) {
    const match = /^([^.=]+)\.([^=]+=.*)$/s.exec(pair);
    if (!match) {
      throw new PipelineInputError(
        `-p ${pair}: a pipeline's parameter is given as step.name=value, e.g. -p features.window=7.`,
        'params'
      );
    }
    const [, step, rest] = match;
    if (!byStep.has(step)) {
      throw new PipelineInputError(
        `-p ${pair}: the pipeline has no step "${step}" (its steps: ${steps.join(', ')}).`,
        'params'
      );
    }
    byStep.get(step)!.push(rest);
  }
  return byStep;
}

/** `--after B:A` (B runs after A) pairs, as each step's list. */
export function afterPairs(pairs: string[]): Map<string, string[]> {
  const after = new Map<string, string[]>();
  for (const pair of pairs) {
    const match = /^([^:]+):([^:]+)$/.exec(pair);
    if (!match) {
      throw new PipelineInputError(
        `--after ${pair}: write STEP:UPSTREAM, e.g. --after score:features.`,
        'after'
      );
    }
    after.set(match[1], [...(after.get(match[1]) ?? []), match[2]]);
  }
  return after;
}

interface CheckedStep {
  input: StepInput;
  step: Omit<PipelineStep, 'jobId'>;
  source: string;
}

/**
 * The steps with their edges, checked: readable notebooks on an mlnb kernel, unique names, known
 * `after` steps, one producer per dataset, a producer (or a catalog entry) for every dataset a
 * step loads, no cycle. Ordered so that each step follows those it depends on.
 */
async function checkSteps(store: Store, inputs: StepInput[]): Promise<CheckedStep[]> {
  if (inputs.length === 0) {
    throw new PipelineInputError('A pipeline needs at least one step (a notebook).', 'steps');
  }
  const steps: CheckedStep[] = [];
  for (const input of inputs) {
    const name = input.name ?? defaultStepName(input.notebook);
    if (!STEP_NAME.test(name)) {
      throw new PipelineInputError(
        `The step name "${name}" is not valid: letters, digits, _ and -, starting with a letter or _.`,
        'steps'
      );
    }
    if (steps.some(s => s.step.name === name)) {
      throw new PipelineInputError(
        `Two steps are named "${name}": give one another name (a pipeline file's "name").`,
        'steps'
      );
    }
    const source = path.resolve(input.notebook);
    const notebook = readNotebook(source); // Refuses a notebook on another kernel, naming it.
    const { loads, registers } = notebookDatasets(notebook);
    steps.push({
      input,
      source,
      step: {
        name,
        notebook: experimentOf(source, store, path.dirname(source)),
        dependsOn: [],
        loads,
        registers
      }
    });
  }
  const names = steps.map(s => s.step.name);
  const producers = new Map<string, string>();
  for (const { step } of steps) {
    for (const dataset of step.registers) {
      const other = producers.get(dataset);
      if (other) {
        throw new PipelineInputError(
          `The steps "${other}" and "${step.name}" both register the dataset "${dataset}": one step must own it.`,
          'steps'
        );
      }
      producers.set(dataset, step.name);
    }
  }
  for (const { step, input } of steps) {
    const edges: PipelineEdge[] = [];
    for (const upstream of input.after ?? []) {
      if (!names.includes(upstream)) {
        throw new PipelineInputError(
          `Step "${step.name}" runs after "${upstream}", which is not a step (the steps: ${names.join(', ')}).`,
          'after'
        );
      }
      edges.push({ step: upstream, because: 'after' });
    }
    for (const dataset of step.loads) {
      const producer = producers.get(dataset);
      if (producer && producer !== step.name) {
        if (!edges.some(e => e.step === producer)) {
          edges.push({ step: producer, because: dataset });
        }
      } else if (!producer && !(await store.datasets.get(dataset))) {
        throw new PipelineInputError(
          `Step "${step.name}" loads the dataset "${dataset}", which no step registers and the catalog lacks.`,
          'steps'
        );
      }
    }
    step.dependsOn = edges;
  }
  const ordered = orderSteps(steps.map(s => ({ ...s, name: s.step.name, dependsOn: s.step.dependsOn })));
  if ('cycle' in ordered) {
    throw new PipelineInputError(`The steps form a cycle: ${ordered.cycle.join(' → ')}.`, 'after');
  }
  return ordered.order;
}

/** Checks the pipeline's own settings (name, schedule, parallelism). */
function checkSettings(input: PipelineInput): void {
  if (!NAME.test(input.name ?? '')) {
    throw new PipelineInputError(
      `The pipeline name "${input.name}" is not valid: 1-100 letters, digits, _ . -, starting with a letter or digit.`,
      'name'
    );
  }
  if (input.schedule) {
    checkSchedule(input.schedule);
  }
  const max = input.maxParallel;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 16)) {
    throw new PipelineInputError(
      `maxParallel must be a whole number from 1 to 16; got ${max}.`,
      'maxParallel'
    );
  }
}

/**
 * Creates a pipeline: checks everything first (settings, notebooks and their kernels, edges,
 * each step's parameters against its notebook), then freezes each step as a job (snapshot,
 * parameters, retries, timeout, gates) and stores the pipeline. Nothing stays stored when a
 * check fails, nor when a later step's job cannot be made.
 */
export async function createPipeline(store: Store, input: PipelineInput): Promise<PipelineRecord> {
  checkSettings(input);
  const onNewVersion = await checkDataTrigger(store.datasets, input.onNewVersion);
  const steps = await checkSteps(store, input.steps);
  for (const { input: step, source } of steps) {
    typedParameters(step.params ?? [], declaredParameters(readNotebook(source)));
  }
  if (await store.pipelines.get(input.name)) {
    throw new PipelineExistsError(`A pipeline named "${input.name}" exists already: choose another name.`);
  }
  const made: JobRecord[] = [];
  try {
    for (const { input: step, step: checked } of steps) {
      made.push(
        await createJob(store, {
          notebook: step.notebook,
          name: stepJobName(input.name, checked.name),
          params: step.params,
          retries: step.retries,
          backoffSeconds: step.backoffSeconds,
          timeoutSeconds: step.timeoutSeconds,
          gates: step.gates,
          createdBy: input.createdBy
        })
      );
    }
    const id = randomUUID().replace(/-/g, '');
    await store.pipelines.create({
      id,
      name: input.name,
      steps: steps.map(({ step }, i) => ({ ...step, jobId: made[i].id })),
      schedule: input.schedule ?? null,
      onNewVersion,
      enabled: input.enabled ?? true,
      maxParallel: input.maxParallel ?? DEFAULT_MAX_PARALLEL,
      createdBy: input.createdBy ?? os.userInfo().username,
      createdAt: Date.now()
    });
    return (await store.pipelines.get(id))!;
  } catch (error) {
    for (const job of made) {
      await deleteJob(store, job);
    }
    throw error;
  }
}

/** Removes a pipeline, its run history and its steps' jobs (their runs stay). */
export async function deletePipeline(store: Store, pipeline: PipelineRecord): Promise<boolean> {
  const deleted = await store.pipelines.delete(pipeline.id);
  for (const step of pipeline.steps) {
    const job = await store.jobs.get(step.jobId);
    if (job) {
      await deleteJob(store, job);
    }
  }
  return deleted;
}
