import type { OutputEvent } from './outputs';
import type { RunSource } from '../store/runs/types';
import type { ParametersCell } from './parameters';

/** What the runner sends its child: one notebook to execute, cell by cell. */
export interface RunRequest {
  cwd: string;
  /** The notebook file the run belongs to (its experiment). */
  notebookPath: string;
  cells: { index: number; source: string; cellId: string | null }[];
  /** `%param` values given with -p, applied by `mlnb.param`. */
  overrides: Record<string, unknown>;
  /** The -p values given. */
  params: Record<string, unknown>;
  /** For the run's params (see runParams). */
  parametersCell: ParametersCell;
  source: RunSource;
  jobId: string | null;
  /** Record the run under this experiment instead of the notebook's own (a job's snapshot). */
  experiment: string | null;
  runName: string | null;
  /** The seed Math.random starts from (`--seed`); null: a random one, recorded on the run. */
  seed: number | null;
  /** The catalog version a bare dataset name loads (a reproduction's: the versions its run loaded). */
  datasetVersions: Record<string, number>;
  /** The mlnb kernel the cells run on, and the kernel the notebook was saved with (`-k`). */
  kernel: { name: string; language: 'typescript' | 'javascript'; savedKernel: string | null };
}

/** What the child reports, as it happens. */
export type ChildMessage =
  | { type: 'started'; runId: string }
  /** An output of the running cell (the notebook cell at `index`), as it happens. */
  | { type: 'output'; index: number; output: OutputEvent }
  /** A tfjs fit in the cell at `index` finished an epoch (1-based) of `epochs`. */
  | { type: 'epoch'; index: number; epoch: number; epochs: number }
  /** The cell at `index` ended; its outputs were all sent before. */
  | { type: 'cell'; index: number; executionCount: number; ok: boolean }
  /** `error`: the runner itself failed (not a cell), with its stack. */
  | { type: 'done'; ok: boolean; error?: string };
