import type { PipelineRecord, PipelineRun, PipelineStep, StepStatus } from '../../contracts';
import type { DefinitionStore } from '../jobs/types';

/** The pipeline record, its runs and step runs, as in schemas/pipeline.schema.json. */
export type {
  DataTrigger,
  PipelineEdge,
  PipelineFile,
  PipelineRecord,
  PipelineRun,
  PipelineStep,
  PipelineView,
  StepRun,
  StepStatus
} from '../../contracts';

export type NewPipeline = Omit<PipelineRecord, 'createdAt' | 'updatedAt'> & { createdAt: number };

export type PipelinePatch = Partial<Pick<PipelineRecord, 'enabled' | 'schedule'>>;

export interface NewPipelineRun {
  id: string;
  pipelineId: string;
  trigger: PipelineRun['trigger'];
  slot: number;
  inputs: Record<string, number>;
  startTime: number;
  /** The steps, in the pipeline's order, all pending. */
  steps: PipelineStep['name'][];
  lease: RunLease;
}

/**
 * Who drives a run, and until when (ms) it holds it unless renewed. A run whose lease expired, or
 * whose runner process on this host is gone, is failed by the next tick, `resume` or `show`.
 */
export interface RunLease {
  host: string;
  pid: number;
  until: number;
}

/** How to tell a runner that stopped: its lease ran out, or its process on this host is gone. */
export interface ExpiryCheck {
  now: number;
  host: string;
  isAlive: (pid: number) => boolean;
}

export interface StepRunPatch {
  status?: StepStatus;
  attemptId?: string | null;
  runId?: string | null;
  outputs?: Record<string, number>;
  error?: string | null;
  startTime?: number | null;
  endTime?: number | null;
}

/** A pipeline name that is taken. */
export class PipelineExistsError extends Error {}

/** Pipelines, their runs and the runs of their steps. Every write is its own short transaction. */
export interface PipelineStore extends DefinitionStore<PipelineRecord, NewPipeline, PipelinePatch> {
  // delete leaves the pipeline's step jobs to the caller.
  /** Whether a job is a step of some pipeline (such jobs are not listed as jobs). */
  stepJobIds(): Promise<Set<string>>;

  /**
   * The lease: starts a run for (pipeline, trigger, slot) with all its steps pending, in one
   * transaction. False (nothing written) when that slot was taken before, by any process.
   */
  claimRun(run: NewPipelineRun): Promise<boolean>;
  /** The highest slot taken for a trigger; null when none. */
  lastSlot(pipelineId: string, trigger: PipelineRun['trigger']): Promise<number | null>;
  getRun(id: string): Promise<PipelineRun | undefined>;
  /** Newest first. */
  runs(pipelineId: string, limit?: number): Promise<PipelineRun[]>;
  /** Whether any run of the pipeline is under way (the newest, or an older one resumed). */
  hasRunning(pipelineId: string): Promise<boolean>;
  finishRun(id: string, status: PipelineRun['status'], at: number | null): Promise<void>;
  updateStep(runId: string, step: string, patch: StepRunPatch): Promise<void>;

  /** Extends the lease of a run this runner still holds; false when it holds it no more. */
  renewLease(id: string, lease: RunLease): Promise<boolean>;
  /**
   * Takes a run that ended (to resume it): running again under `lease`, its error cleared. False
   * (nothing written) when it is running, e.g. another process resumed it first.
   */
  takeOver(id: string, lease: RunLease): Promise<boolean>;
  /**
   * Fails the running runs whose runner stopped (see ExpiryCheck), with a reason naming it; their
   * running steps fail and their pending ones are stopped, so that they can be resumed. Returns
   * the runs it failed.
   */
  expireRuns(check: ExpiryCheck): Promise<PipelineRun[]>;
}
