import { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { RerunResult, RunsApi } from '../api';
import { download, runsToCsv } from './export';
import { notebookFromRun } from './notebook';
import { IRunRecord } from './types';

export namespace CommandIDs {
  export const show = 'mlnb:show-experiments';
  export const openRun = 'mlnb:open-run';
  export const compareRuns = 'mlnb:compare-runs';
}

/** What a person does with runs beyond looking: open one as a notebook, re-run it, export some. */
export class RunFlows {
  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly trans: TranslationBundle
  ) {}

  /** The runs, fetched together (for a comparison or an export). */
  fetchRuns(ids: string[]): Promise<IRunRecord[]> {
    return Promise.all(ids.map(id => RunsApi.get(id)));
  }

  /** Rebuilds a notebook from the run's cells, saved beside its experiment, and opens it. */
  async openAsNotebook(run: IRunRecord): Promise<void> {
    const { contents } = this.app.serviceManager;
    const experimentDir = run.experiment.startsWith('/') ? '' : PathExt.dirname(run.experiment);
    const base = `${PathExt.basename(run.experiment, '.ipynb') || 'run'}-run-${run.id.slice(0, 8)}`;
    const path = await this.freePath(experimentDir, base);
    await contents.save(path, { type: 'notebook', format: 'json', content: notebookFromRun(run) });
    await this.app.commands.execute('docmanager:open', { path });
  }

  /** Executes the run's cells again (through the runner) and compares the new run with it. */
  async rerun(run: IRunRecord): Promise<void> {
    const { trans } = this;
    const running = RunsApi.rerun(run.id);
    Notification.promise(running as unknown as Promise<ReadonlyJSONValue>, {
      pending: { message: trans.__('Re-running %1…', run.name), options: { autoClose: false } },
      success: {
        message: (value: unknown) => {
          const result = value as RerunResult;
          return result.ok
            ? trans.__('Re-run of %1 finished', run.name)
            : trans.__('Re-run of %1 failed: %2', run.name, result.failure ?? '');
        },
        options: { autoClose: 5000 }
      },
      error: { message: (error: unknown) => String((error as Error).message ?? error) }
    });
    const result = await running.catch(() => null); // The notification shows the error.
    if (result?.runId) {
      await this.app.commands.execute(CommandIDs.compareRuns, { ids: [run.id, result.runId] });
    }
  }

  /** Downloads the runs as CSV (one row each) or JSON (the records). */
  async exportRuns(ids: string[], format: 'csv' | 'json'): Promise<void> {
    const runs = await this.fetchRuns(ids);
    const name = `mlnb-runs-${new Date().toISOString().slice(0, 10)}.${format}`;
    if (format === 'csv') {
      download(name, 'text/csv', runsToCsv(runs));
    } else {
      download(name, 'application/json', JSON.stringify(runs, null, 2));
    }
  }

  /** A free path for a new notebook: `name.ipynb`, else `name-2.ipynb`, ... */
  private async freePath(dir: string, base: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = PathExt.join(dir, `${base}${n === 1 ? '' : `-${n}`}.ipynb`);
      try {
        await this.app.serviceManager.contents.get(candidate, { content: false });
      } catch {
        return candidate;
      }
    }
  }
}
