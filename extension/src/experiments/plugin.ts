import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, Notification, WidgetTracker } from '@jupyterlab/apputils';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { addToMainArea } from '../main-area';
import { IMlnbConnection } from '../tokens';
import { requestService } from '../api';
import { RunComparisonWidget } from './compare';
import { RunDetailWidget } from './detail';
import { download, runsToCsv } from './export';
import { RunsModel } from './model';
import { notebookFromRun } from './notebook';
import { createExperimentsPanel } from './panel';
import { IRunRecord } from './types';

namespace CommandIDs {
  export const show = 'mlnb:show-experiments';
  export const openRun = 'mlnb:open-run';
  export const compareRuns = 'mlnb:compare-runs';
}

/** A free path for a new notebook: `name.ipynb`, else `name-2.ipynb`, ... */
async function freePath(app: JupyterFrontEnd, dir: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = PathExt.join(dir, `${base}${n === 1 ? '' : `-${n}`}.ipynb`);
    try {
      await app.serviceManager.contents.get(candidate, { content: false });
    } catch {
      return candidate;
    }
  }
}

/** The Experiments sidebar, the run detail view and the commands to open them. */
export const experimentsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlnb-extension:experiments',
  description: 'The Experiments sidebar: find, inspect and reproduce tracked runs.',
  autoStart: true,
  requires: [IMlnbConnection, IRenderMimeRegistry],
  optional: [INotebookTracker, ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    connection: IMlnbConnection,
    rendermime: IRenderMimeRegistry,
    notebooks: INotebookTracker | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const tr = translator ?? nullTranslator;
    const trans = tr.load('mlnb');
    const model = new RunsModel();
    const details = new WidgetTracker<MainAreaWidget<RunDetailWidget>>({ namespace: 'mlnb-runs' });

    const openAsNotebook = async (run: IRunRecord) => {
      const experimentDir = run.experiment.startsWith('/') ? '' : PathExt.dirname(run.experiment);
      const base = `${PathExt.basename(run.experiment, '.ipynb') || 'run'}-run-${run.id.slice(0, 8)}`;
      const path = await freePath(app, experimentDir, base);
      await app.serviceManager.contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: notebookFromRun(run)
      });
      await app.commands.execute('docmanager:open', { path });
    };

    const rerun = async (run: IRunRecord) => {
      const running = requestService<{ runId: string | null; ok: boolean; failure: string | null }>(
        `api/runs/${run.id}/rerun`,
        { method: 'POST' }
      );
      Notification.promise(running as unknown as Promise<ReadonlyJSONValue>, {
        pending: { message: trans.__('Re-running %1…', run.name), options: { autoClose: false } },
        success: {
          message: (value: unknown) => {
            const result = value as { ok: boolean; failure: string | null };
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
        await app.commands.execute(CommandIDs.compareRuns, { ids: [run.id, result.runId] });
      }
    };

    app.commands.addCommand(CommandIDs.openRun, {
      label: trans.__('Open Run'),
      execute: args => {
        const id = String(args.id);
        const open = details.find(w => w.content.runId === id);
        if (open) {
          app.shell.activateById(open.id);
          return;
        }
        const content = new RunDetailWidget(id, trans, rendermime, {
          openAsNotebook,
          rerun,
          deleted: () => {
            widget.dispose();
            void model.refresh();
          },
          openDataset: ref => void app.commands.execute('mlnb:open-dataset', { ref }),
          compare: ids => void app.commands.execute(CommandIDs.compareRuns, { ids })
        });
        const widget = addToMainArea(app, content, details);
      }
    });

    app.commands.addCommand(CommandIDs.compareRuns, {
      label: trans.__('Compare Runs'),
      execute: args => {
        const content = new RunComparisonWidget(args.ids as string[], trans);
        addToMainArea(app, content);
      }
    });

    const exportRuns = async (ids: string[], format: 'csv' | 'json') => {
      const runs = await Promise.all(ids.map(id => requestService<IRunRecord>(`api/runs/${id}`)));
      const name = `mlnb-runs-${new Date().toISOString().slice(0, 10)}.${format}`;
      if (format === 'csv') {
        download(name, 'text/csv', runsToCsv(runs));
      } else {
        download(name, 'application/json', JSON.stringify(runs, null, 2));
      }
    };

    const panel = createExperimentsPanel({
      connection,
      translator: tr,
      model,
      notebooks,
      onOpen: run => void app.commands.execute(CommandIDs.openRun, { id: run.id }),
      onOpenRunId: id => void app.commands.execute(CommandIDs.openRun, { id }),
      onCompare: ids => void app.commands.execute(CommandIDs.compareRuns, { ids }),
      onExport: (ids, format) => void exportRuns(ids, format)
    });
    app.shell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, panel.id);
    app.commands.addCommand(CommandIDs.show, {
      label: trans.__('Show Experiments'),
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: CommandIDs.show, category: 'mlnb' });
  }
};
