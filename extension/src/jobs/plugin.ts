import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  MainAreaWidget,
  showDialog,
  showErrorMessage,
  WidgetTracker
} from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { productionizeIcon } from '../icons';
import { addToMainArea } from '../main-area';
import { IMlnbConnection } from '../tokens';
import { JobDialogTarget, showJobDialog } from './dialog';
import { JobHistoryWidget } from './history';
import { JobsApi, JobsModel } from './model';
import { executedNotebookOpener } from './notebook';
import { createJobsPanel } from './panel';
import { IJob } from './types';

namespace CommandIDs {
  export const productionize = 'mlnb:productionize';
  export const productionizeFile = 'mlnb:productionize-file';
  export const show = 'mlnb:show-jobs';
  export const openHistory = 'mlnb:open-job-history';
  export const openRun = 'mlnb:open-run';
}

const KERNEL_NAME = 'mlnb';

/**
 * Productionize (notebook toolbar, command palette, file browser context menu: the buttons and
 * menu items are declared in schemas/settings/jobs.json), the Jobs sidebar and job histories.
 */
export const jobsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlnb-extension:jobs',
  description: 'Productionize a notebook into a scheduled job; the Jobs sidebar and job histories.',
  autoStart: true,
  requires: [IMlnbConnection],
  optional: [
    INotebookTracker,
    IDocumentManager,
    IDefaultFileBrowser,
    ILayoutRestorer,
    ICommandPalette,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    connection: IMlnbConnection,
    notebooks: INotebookTracker | null,
    docManager: IDocumentManager | null,
    fileBrowser: IDefaultFileBrowser | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const tr = translator ?? nullTranslator;
    const trans = tr.load('mlnb');
    const model = new JobsModel();
    const histories = new WidgetTracker<MainAreaWidget<JobHistoryWidget>>({ namespace: 'mlnb-jobs' });
    const openExecutedNotebook = executedNotebookOpener(app, trans);

    const reportRunError = (job: IJob, runError: string | undefined) => {
      if (runError) {
        void showErrorMessage(trans.__('Job "%1" created, but not started', job.name), runError);
      }
    };

    /** The dialog for a new job from the notebook at `path` (saved first: the job snapshots the file). */
    const productionize = async (path: string) => {
      const save = async () => {
        const open = docManager?.findWidget(path)?.context;
        if (open?.model.dirty) {
          await open.save();
        }
      };
      await save();
      let target: JobDialogTarget;
      try {
        target = { kind: 'create', path, declared: await JobsApi.notebookParameters(path) };
      } catch (error) {
        // E.g. a notebook on another kernel: said in the dialog, which cannot create it either.
        target = { kind: 'create', path, declared: [], problem: JobsApi.problemOf(error).message };
      }
      const result = await showJobDialog({ target, trans, beforeCreate: save });
      if (result) {
        // The new job shows in the Jobs panel; a run started now, in the job's history.
        await app.commands.execute(CommandIDs.show);
        void model.refresh();
        reportRunError(result.job, result.runError);
        if (result.runNow && !result.runError) {
          await app.commands.execute(CommandIDs.openHistory, { id: result.job.id });
        }
      }
    };

    /** Edits a job as it is now (the list may be a refresh behind). */
    const edit = async (listed: IJob) => {
      let job: IJob;
      let declared;
      try {
        [job, declared] = await Promise.all([JobsApi.get(listed.id), JobsApi.jobParameters(listed.id)]);
      } catch (error) {
        await showErrorMessage(trans.__('Job "%1"', listed.name), JobsApi.problemOf(error).message);
        return;
      }
      const result = await showJobDialog({ target: { kind: 'edit', job, declared }, trans });
      if (result) {
        void model.refresh();
      }
    };

    const remove = async (job: IJob) => {
      const answer = await showDialog({
        title: trans.__('Delete job'),
        body: trans.__(
          'Delete the job "%1", its schedule, its history and its executed notebooks? Its tracked runs stay.',
          job.name
        ),
        buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: trans.__('Delete') })]
      });
      if (answer.button.accept) {
        await model.remove(job);
        histories.find(w => w.content.jobId === job.id)?.dispose();
      }
    };

    const currentMlnbNotebook = (): NotebookPanel | null => {
      const panel = notebooks?.currentWidget ?? null;
      return panel && Private.kernelOf(panel) === KERNEL_NAME ? panel : null;
    };
    app.commands.addCommand(CommandIDs.productionize, {
      label: trans.__('Productionize…'),
      caption: trans.__('Turn this notebook into a scheduled job'),
      icon: productionizeIcon,
      isEnabled: () => currentMlnbNotebook() !== null,
      isVisible: () => currentMlnbNotebook() !== null,
      execute: () => {
        const panel = currentMlnbNotebook();
        return panel ? productionize(panel.context.path) : undefined;
      }
    });
    // The button follows the current notebook's kernel.
    const notify = () => app.commands.notifyCommandChanged(CommandIDs.productionize);
    notebooks?.currentChanged.connect(notify);
    notebooks?.widgetAdded.connect((_, panel) => {
      panel.sessionContext.kernelChanged.connect(notify);
      panel.sessionContext.ready.then(notify).catch(() => undefined);
    });

    const selectedNotebook = (): string | null => {
      const items = fileBrowser ? [...fileBrowser.selectedItems()] : [];
      return items.length === 1 && items[0].type === 'notebook' ? items[0].path : null;
    };
    app.commands.addCommand(CommandIDs.productionizeFile, {
      label: trans.__('Productionize…'),
      caption: trans.__('Turn this notebook into a scheduled job'),
      icon: productionizeIcon,
      isVisible: () => selectedNotebook() !== null,
      execute: () => {
        const path = selectedNotebook();
        return path ? productionize(path) : undefined;
      }
    });

    app.commands.addCommand(CommandIDs.openHistory, {
      label: trans.__('Open Job History'),
      execute: args => {
        const id = String(args.id);
        const open = histories.find(w => w.content.jobId === id);
        if (open) {
          app.shell.activateById(open.id);
          return;
        }
        const content = new JobHistoryWidget(id, model, trans, {
          openExecutedNotebook,
          openRun: runId => void app.commands.execute(CommandIDs.openRun, { id: runId }),
          edit: job => void edit(job)
        });
        addToMainArea(app, content, histories);
      }
    });

    const panel = createJobsPanel({
      connection,
      translator: tr,
      model,
      onOpenHistory: job => void app.commands.execute(CommandIDs.openHistory, { id: job.id }),
      onEdit: job => void edit(job),
      onDelete: job => void remove(job)
    });
    app.shell.add(panel, 'left', { rank: 602 });
    restorer?.add(panel, panel.id);
    app.commands.addCommand(CommandIDs.show, {
      label: trans.__('Show Jobs'),
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: CommandIDs.show, category: 'mlnb' });
    palette?.addItem({ command: CommandIDs.productionize, category: 'mlnb' });
  }
};

namespace Private {
  /** The notebook's kernel: the running one, else the one its metadata names. */
  export function kernelOf(panel: NotebookPanel): string | undefined {
    const running = panel.sessionContext.session?.kernel?.name;
    const spec = panel.context.model?.getMetadata('kernelspec') as { name?: string } | undefined;
    return running ?? spec?.name;
  }
}
