import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../store/runs/types';
import type { Store } from '../store/engine/store';
import { MLNB_KERNELS } from '../kernel/kernels';
import { runHeadless } from './run';

export interface RerunResult {
  runId: string | null;
  ok: boolean;
  failure: string | null;
}

/** The tag that links a re-run to the run it reproduces. */
export const RERUN_OF_TAG = 'mlnb.rerun_of';

/** The cells that ran successfully, in the order they ran, as a notebook on the run's mlnb kernel. */
function notebookOf(run: RunRecord): object {
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
 * The folder the run's notebook ran in, when it still exists (its data and modules resolve
 * from there); else `fallback`. Experiments are paths relative to the workspace (the folder
 * holding `.mlnb/`), or absolute outside one.
 */
function workingFolder(store: Store, run: RunRecord, fallback: string): string {
  const workspace = path.dirname(path.dirname(store.location.target));
  const notebook = path.isAbsolute(run.experiment) ? run.experiment : path.join(workspace, run.experiment);
  const folder = path.dirname(notebook);
  return fs.existsSync(folder) && fs.statSync(folder).isDirectory() ? folder : fallback;
}

/**
 * Executes a run's cells again, headless, as a new batch run of the same experiment tagged with
 * the run it reproduces, so the two can be compared metric by metric.
 */
export async function rerun(store: Store, run: RunRecord): Promise<RerunResult> {
  const folder = path.join(store.artifactRoot, 'reruns', run.id);
  fs.mkdirSync(folder, { recursive: true });
  const notebook = path.join(folder, 'notebook.ipynb');
  fs.writeFileSync(notebook, JSON.stringify(notebookOf(run), null, 1) + '\n');
  const result = await runHeadless({
    notebook,
    cwd: workingFolder(store, run, folder),
    source: 'batch',
    experiment: run.experiment,
    runName: `${run.name} (re-run)`
  });
  if (result.runId) {
    await store.runs.setTags(result.runId, { [RERUN_OF_TAG]: run.id });
  }
  return { runId: result.runId, ok: result.ok, failure: result.failure };
}
