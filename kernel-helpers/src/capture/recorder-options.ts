import type { RunSource } from '../store/runs/types';
import type { Store } from '../store/engine/store';

/** How a RunRecorder records: where, as what source, into which store, with which seed. */
export interface RecorderOptions {
  /** The folder the notebook runs in: the store is found from here, imports resolve from here. */
  cwd: string;
  source: RunSource;
  jobId?: string | null;
  /** The notebook file (absolute), when known. */
  notebookPath?: string | null;
  /** The experiment the runs belong to, when not the notebook's (a job's snapshot runs under its source). */
  experiment?: string | null;
  /** An open store to use; else the recorder opens the located one on first need. */
  store?: Store;
  /** Where warnings go (tracking problems never stop the notebook). */
  warn?: (message: string) => void;
  /** The seed every run starts Math.random from (`mlnb run --seed`); default: a random one per run. */
  seed?: number | null;
  /** False where the recorder only writes a record for another process's run (the runner's parent). */
  seedsMathRandom?: boolean;
  /**
   * False where another process emits the run's final OpenLineage event once it is settled
   * (`mlnb run` after its gates): the runner's child and its parent's fallback record.
   */
  emitsLineageEnd?: boolean;
}

/** Milliseconds between heartbeats (a run silent for STALE_AFTER_MS on another host is dead). */
export const HEARTBEAT_MS = 10_000;
/** Metric points wait at most this long (or until the cell ends) before they are written. */
export const METRIC_FLUSH_MS = 500;
