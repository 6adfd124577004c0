import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { productionizeIcon } from '../icons';
import { showInMainArea } from '../main-area';
import { panelPlugin } from '../panel-plugin';
import { CommandIDs, JobFlows, KERNEL_NAME, kernelOf } from './commands';
import { JobHistoryWidget } from './history';
import { JobHistoryModel, JobsModel } from './model';
import { executedNotebookOpener } from './notebook';
import { PipelinesModel } from './pipelines-model';
import { createJobsPanel } from './panel';

/**
 * Productionize (notebook toolbar, command palette, file browser context menu: the buttons and
 * menu items are declared in schemas/settings/jobs.json), the Jobs sidebar and job histories.
 */
export const jobsPlugin = panelPlugin({
  id: 'mlnb-extension:jobs',
  description: 'Productionize a notebook into a scheduled job; the Jobs sidebar and job histories.',
  optional: { notebooks: INotebookTracker, docManager: IDocumentManager, fileBrowser: IDefaultFileBrowser },
  activate: (
    { app, connection, translator, trans, palette, incidents, addSidebar },
    { notebooks, docManager, fileBrowser }
  ) => {
    const model = new JobsModel();
    const histories = new WidgetTracker<MainAreaWidget<JobHistoryWidget>>({ namespace: 'mlnb-jobs' });
    const openExecutedNotebook = executedNotebookOpener(app, trans);

    const flows = new JobFlows({
      model,
      trans,
      docManager,
      execute: (command, args) => app.commands.execute(command, args),
      closeHistory: id => histories.find(w => w.content.jobId === id)?.dispose()
    });

    const currentMlnbNotebook = (): NotebookPanel | null => {
      const panel = notebooks?.currentWidget ?? null;
      return panel && kernelOf(panel) === KERNEL_NAME ? panel : null;
    };
    app.commands.addCommand(CommandIDs.productionize, {
      label: trans.__('Productionize…'),
      caption: trans.__('Turn this notebook into a scheduled job'),
      icon: productionizeIcon,
      isEnabled: () => currentMlnbNotebook() !== null,
      isVisible: () => currentMlnbNotebook() !== null,
      execute: () => {
        const panel = currentMlnbNotebook();
        return panel ? flows.productionize(panel.context.path) : undefined;
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
        return path ? flows.productionize(path) : undefined;
      }
    });

    const selectedNotebooks = (): string[] => {
      const items = fileBrowser ? [...fileBrowser.selectedItems()] : [];
      return items.every(item => item.type === 'notebook') ? items.map(item => item.path) : [];
    };
    app.commands.addCommand(CommandIDs.productionizePipeline, {
      label: trans.__('Productionize as Pipeline…'),
      caption: trans.__('Turn these notebooks into a pipeline: one step each, run as one unit'),
      icon: productionizeIcon,
      isVisible: () => selectedNotebooks().length >= 2,
      execute: () => {
        const paths = selectedNotebooks();
        return paths.length >= 2 ? flows.productionizePipeline(paths) : undefined;
      }
    });

    app.commands.addCommand(CommandIDs.openHistory, {
      label: trans.__('Open Job History'),
      execute: args => {
        const id = String(args.id);
        showInMainArea(app, histories, {
          isFor: content => content.jobId === id,
          create: () =>
            new JobHistoryWidget(new JobHistoryModel(id), trans, {
              openExecutedNotebook,
              openRun: runId => void app.commands.execute(CommandIDs.openRun, { id: runId }),
              edit: job => void flows.edit(job)
            })
        });
      }
    });

    const panel = createJobsPanel({
      connection,
      translator,
      model,
      pipelines: new PipelinesModel(),
      openRun: runId => void app.commands.execute(CommandIDs.openRun, { id: runId }),
      onOpenHistory: job => void app.commands.execute(CommandIDs.openHistory, { id: job.id }),
      onEdit: job => void flows.edit(job),
      onDelete: job => void flows.remove(job),
      incidents
    });
    addSidebar(panel, { rank: 602, showCommand: CommandIDs.show, showLabel: trans.__('Show Jobs') });
    palette?.addItem({ command: CommandIDs.productionize, category: 'mlnb' });
  }
});
