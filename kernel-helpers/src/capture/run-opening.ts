import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Environment, NewRun, RunSource } from '../store/runs/types';
import { captureGpus, captureStaticEnvironment } from './environment';
import type { GitCapture } from './git';

/** What a run records as it opens: its identity, its first record, and the machine it runs on. */

export interface RunInfo {
  id: string;
  name: string;
  experiment: string;
  source: RunSource;
  /** The seed Math.random started from when the run opened. */
  seed: number;
}

/** The recorder's state of the run it records now. */
export type ActiveRun = RunInfo & {
  seq: number;
  packages: Set<string>;
  environment: Environment;
  git?: GitCapture | null;
  startTime: number;
  /** Named after the notebook (no name given): a renamed notebook renames the run too. */
  autoNamed: boolean;
  /** Resolves once the slow captures (git, GPUs) have queued their write. */
  captured?: Promise<void>;
};

/** Captured once per process: the machine does not change while it runs. */
let staticEnvironment: Environment | undefined;
let gpuCapture: Promise<string[] | null> | undefined;

/** Captures the machine now (before the first cell) rather than when the first run opens. */
export function prefetchMachine(): void {
  staticEnvironment ??= captureStaticEnvironment();
  gpuCapture ??= captureGpus();
}

/** The GPUs, asked of nvidia-smi once per process. */
export const gpus = (): Promise<string[] | null> => (gpuCapture ??= captureGpus());

/** "train 2026-11-27 09:30": the notebook's name and the start time (UTC). */
export function defaultRunName(notebook: string | null, startTime: number): string {
  const base = notebook ? path.basename(notebook).replace(/\.ipynb$/, '') : 'run';
  return `${base} ${new Date(startTime).toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** A new run's state; its experiment is filled in once the store is known. */
export function newActiveRun(
  name: string | undefined,
  notebook: string | null,
  source: RunSource,
  seed: number
): ActiveRun {
  const startTime = Date.now();
  staticEnvironment ??= captureStaticEnvironment();
  return {
    id: randomUUID().replace(/-/g, ''),
    name: name?.trim() || defaultRunName(notebook, startTime),
    experiment: '',
    source,
    seed,
    seq: 0,
    packages: new Set(),
    environment: { ...staticEnvironment, packages: {} },
    startTime,
    autoNamed: !name?.trim()
  };
}

/** The run's first record: who, where, when; code and GPUs follow when their capture ends. */
export function runRecordAtStart(run: ActiveRun, notebook: string | null, jobId: string | null): NewRun {
  return {
    id: run.id,
    experiment: run.experiment,
    name: run.name,
    source: run.source,
    jobId,
    user: os.userInfo().username,
    host: os.hostname(),
    pid: process.pid,
    startTime: run.startTime,
    code: { git: null, notebook: notebook ? { path: run.experiment, sha256: null } : null },
    environment: run.environment,
    seed: run.seed
  };
}
