import * as path from 'node:path';
import { RunInfo, RunRecorder } from './capture/recorder';
import type { RecorderOptions } from './capture/recorder-options';
import type { ArtifactRecord, DataRef } from './store/runs/types';

let active: RunRecorder | undefined;
/** Values for parameters given from outside (`mlnb run -p`), applied by `param()`. */
let overrides = new Map<string, unknown>();

/** Makes `recorder` the one the API records to (the kernel and the batch runner call this). */
export function useRecorder(recorder: RunRecorder, parameterOverrides: Record<string, unknown> = {}): void {
  active = recorder;
  overrides = new Map(Object.entries(parameterOverrides));
}

/**
 * The active recorder. Outside a kernel or runner (a plain Node.js script that imports mlnb),
 * the first call starts a batch run for the script and finishes it when the process exits.
 */
export function recorder(): RunRecorder {
  if (!active) {
    const script = process.argv[1] ? path.resolve(process.argv[1]) : null;
    const options: RecorderOptions = { cwd: process.cwd(), source: 'batch', notebookPath: script };
    const standalone = new RunRecorder(options);
    active = standalone;
    process.once('beforeExit', () => void standalone.finish(process.exitCode ? 'failed' : 'finished'));
  }
  return active;
}

/**
 * Logs metrics at a step (default: the next step of each metric, from 0).
 * `mlnb.log({ loss: 0.31, acc: 0.9 })`, `mlnb.log({ val_acc: 0.88 }, epoch)`.
 */
export function log(metrics: Record<string, number>, step?: number): void {
  recorder().log(metrics, step);
}

/**
 * Declares a parameter of this run and returns its value: the one given from outside
 * (`mlnb run -p lr=0.1`) when there is one, else `value`.
 * `const lr = mlnb.param('lr', 0.01);`
 */
export function param<T>(name: string, value: T): T {
  const given = overrides.has(name) ? (overrides.get(name) as T) : value;
  recorder().params({ [name]: given });
  return given;
}

/**
 * Restarts `Math.random` from `seed` (a whole number from 0 to 2^32 - 1), so tfjs initialisers,
 * shuffling, dropout and your own draws repeat; later runs (`mlnb.run.new()`) start from it too.
 * Every run is seeded anyway (a random seed, recorded on the run) unless you choose one:
 * `mlnb.seed(42)` or `%seed 42`. Returns the seed.
 */
export function seed(seed: number): number {
  return recorder().seed(seed);
}

/** Tags the current run: `mlnb.tag('team', 'fraud')`. */
export function tag(key: string, value: string): void {
  recorder().tags({ [key]: value });
}

/** Keeps a file or folder (a model, a plot, a report) with the run; resolves to its record. */
export function artifact(file: string, kind: ArtifactRecord['kind'] = 'file'): Promise<ArtifactRecord> {
  return recorder().artifact(file, kind);
}

/** Records a data file the run read (`'input'`, the default) or wrote (`'output'`), with its sha256. */
export function dataRef(file: string, role: DataRef['role'] = 'input'): Promise<DataRef> {
  return recorder().dataRef(file, role);
}

/** The run that is recording now, and starting a new one. */
export interface RunControl {
  /**
   * Ends the current run and starts a new one (named `name`, or after the notebook and time).
   * (Quoted: an unquoted `new(...)` in a type is a construct signature, not a method.)
   */
  'new'(name?: string): RunInfo;
  /** The current run: its id, name, experiment (the notebook) and source. */
  current(): RunInfo;
}

export const run: RunControl = {
  new(name?: string): RunInfo {
    return recorder().newRun(name);
  },
  current(): RunInfo {
    return recorder().ensureRun();
  }
};

/** Pauses (`false`) or resumes (`true`) the recording of executed cells: `%capture off|on`. */
export function capture(on: boolean): void {
  recorder().setCapturing(on);
}
