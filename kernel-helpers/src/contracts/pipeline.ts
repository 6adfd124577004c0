// Generated from schemas/pipeline.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

import type { DataTrigger, JobSchedule } from './job';

/**
 * stopped: not run because a step it depends on failed.
 */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'stopped';

/**
 * Several notebooks run as one unit: each step is a job (snapshot, parameters, retries, timeout, gates) that runs once its dependencies succeeded; edges are explicit (after) or implied by the datasets the steps register and load. $defs.file is the *.pipeline.yaml format; $defs.run is one pipeline run, the parent of its steps' runs.
 */
export interface PipelineRecord {
  id: string;
  name: string;
  /**
   * In an order where each step comes after those it depends on.
   */
  steps: PipelineStep[];
  /**
   * null: by hand or by data only.
   */
  schedule: null | JobSchedule;
  /**
   * null: no data trigger.
   */
  onNewVersion: null | DataTrigger;
  enabled: boolean;
  maxParallel: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PipelineStep {
  name: string;
  /**
   * The job that holds the step's snapshot, parameters, retries, timeout and gates.
   */
  jobId: string;
  /**
   * The source notebook, relative to the workspace.
   */
  notebook: string;
  dependsOn: PipelineEdge[];
  /**
   * Datasets the notebook loads (%dataset load, mlnb.catalog.load).
   */
  loads: string[];
  /**
   * Datasets the notebook registers.
   */
  registers: string[];
}

export interface PipelineEdge {
  step: string;
  /**
   * "after" (said explicitly), or the dataset the upstream step registers and this one loads.
   */
  because: string;
}

/**
 * A *.pipeline.yaml kept with the notebooks; notebook paths are relative to the file.
 */
export interface PipelineFile {
  name: string;
  schedule?: {
    cron: string;
    timezone?: string;
  };
  onNewVersion?: {
    dataset: string;
    debounceSeconds?: number;
  };
  maxParallel?: number;
  paused?: boolean;
  /**
   * One step per notebook, at least one (createPipeline says so when there is none).
   */
  steps: {
    name?: string;
    notebook: string;
    after?: string[];
    /**
     * Values of the notebook's declared parameters, checked by their types.
     */
    params?: {
      [k: string]: unknown;
    };
    retries?: number;
    timeoutSeconds?: number;
    gates?: string[];
  }[];
}

export interface StepRun {
  step: string;
  status: StepStatus;
  /**
   * The step job's last attempt.
   */
  attemptId: string | null;
  /**
   * The step's tracked run (tagged mlnb.pipeline.run with the parent's id).
   */
  runId: string | null;
  /**
   * The dataset versions the step registered: what its dependents load, also on resume.
   */
  outputs: {
    [k: string]: number;
  };
  error: string | null;
  startTime: string | null;
  endTime: string | null;
}

/**
 * The parent run of a pipeline: its steps' runs carry its id.
 */
export interface PipelineRun {
  id: string;
  pipelineId: string;
  trigger: 'manual' | 'schedule' | 'dataset';
  /**
   * The scheduled time (ms), the dataset version that triggered it, or the request time.
   */
  slot: number;
  /**
   * Dataset versions handed in (a data trigger's new version).
   */
  inputs: {
    [k: string]: number;
  };
  status: 'running' | 'succeeded' | 'failed';
  /**
   * Why the run failed when no step says it: its runner stopped (the lease expired).
   */
  error: string | null;
  startTime: string;
  endTime: string | null;
  steps: StepRun[];
}

/**
 * GET /api/pipelines: a pipeline with its latest run (each step's status in it).
 */
export interface PipelineView {
  pipeline: PipelineRecord;
  lastRun: PipelineRun | null;
}

export interface PipelineList {
  pipelines: PipelineView[];
}
