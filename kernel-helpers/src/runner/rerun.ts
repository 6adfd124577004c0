import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../store/runs/types';
import { parseDatasetRef } from '../store/datasets/types';
import type { Store } from '../store/engine/store';
import { MLNB_KERNELS } from '../kernel/kernels';
import type { Notebook } from './notebook';
import { magicParameters } from './parameters';
import { runHeadless } from './run';

export interface RerunResult {
  runId: string | null;
  ok: boolean;
  failure: string | null;
  /** Stopped by `timeoutSeconds`. */
  timedOut: boolean;
}

/** The tag that links a re-run to the run it reproduces. */
export const RERUN_OF_TAG = 'mlnb.rerun_of';

/** The cells that ran successfully, in the order they ran, as a notebook on the run's mlnb kernel. */
function notebookOf(run: RunRecord): Notebook {
  const kernel = MLNB_KERNELS.find(k => k.name === run.tags['mlnb.kernel']) ?? MLNB_KERNELS[0];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: kernel.name, display_name: kernel.displayName, language: kernel.language },
      mlnb: { reproducedFrom: run.id }
    },
    cells: run.cells
      .filter(cell => cell.status === 'ok')
      .map(cell => ({
        cell_type: 'code',
        id: `run-${cell.seq}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source: cell.source
      }))
  };
}

/**
 * The run's notebook file: experiments are paths relative to the workspace (the folder holding
 * `.mlnb/`), or absolute outside one. It may be gone since.
 */
export function notebookFile(store: Store, run: RunRecord): string {
  const workspace = path.dirname(path.dirname(store.location.target));
  return path.isAbsolute(run.experiment) ? run.experiment : path.join(workspace, run.experiment);
}

/**
 * The folder the run's notebook ran in, when it still exists (its data and modules resolve
 * from there); else `fallback`.
 */
function workingFolder(store: Store, run: RunRecord, fallback: string): string {
  const folder = path.dirname(notebookFile(store, run));
  return fs.existsSync(folder) && fs.statSync(folder).isDirectory() ? folder : fallback;
}

/**
 * The `-p` values that give the run's `%param` lines the values they had: a batch run may have
 * had them from outside, which its cells do not show (a `parameters` cell's values are in the
 * injected cell that ran). An interactive run's values are in its cells.
 */
function magicParameterValues(run: RunRecord, notebook: Notebook): string[] {
  if (run.source === 'interactive') {
    return [];
  }
  return magicParameters(notebook)
    .filter(p => run.params[p.name])
    .map(p => {
      const value = run.params[p.name].value;
      return `${p.name}=${p.type === 'string' && typeof value === 'string' ? value : JSON.stringify(value)}`;
    });
}

/** The catalog versions the run read, by name: a bare name in its cells loads the same again. */
function loadedVersions(run: RunRecord): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const ref of run.dataRefs.filter(r => r.role === 'input' && r.dataset)) {
    const { name, version } = parseDatasetRef(ref.dataset!);
    if (version !== undefined) {
      versions[name] = version;
    }
  }
  return versions;
}

export interface RerunOptions {
  /** Default: the run's recorded seed, so the re-run draws the same random numbers. */
  seed?: number | null;
  timeoutSeconds?: number;
  /** Default: the run's name + " (re-run)". */
  runName?: string;
  /** Set on the new run besides `mlnb.rerun_of`. */
  tags?: Record<string, string>;
}

/**
 * Executes a run's cells again, headless, as a new batch run of the same experiment tagged with
 * the run it reproduces, so the two can be compared metric by metric.
 */
export async function rerun(store: Store, run: RunRecord, options: RerunOptions = {}): Promise<RerunResult> {
  const folder = path.join(store.artifactRoot, 'reruns', run.id);
  fs.mkdirSync(folder, { recursive: true });
  const notebook = path.join(folder, 'notebook.ipynb');
  const cells = notebookOf(run);
  fs.writeFileSync(notebook, JSON.stringify(cells, null, 1) + '\n');
  const result = await runHeadless({
    notebook,
    params: magicParameterValues(run, cells),
    cwd: workingFolder(store, run, folder),
    source: 'batch',
    experiment: run.experiment,
    runName: options.runName ?? `${run.name} (re-run)`,
    seed: options.seed === undefined ? run.seed : options.seed,
    datasetVersions: loadedVersions(run),
    timeoutSeconds: options.timeoutSeconds
  });
  if (result.runId) {
    await store.runs.setTags(result.runId, { [RERUN_OF_TAG]: run.id, ...options.tags });
  }
  // runHeadless's own words for a run it stopped at the timeout.
  const timedOut = /^timed out after /.test(result.failure ?? '');
  return { runId: result.runId, ok: result.ok, failure: result.failure, timedOut };
}
