import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { RunsApi } from '../api';
import { addToMainArea, showInMainArea } from '../main-area';
import { addSidebar } from '../sidebar';
import { IMlnbConnection, IMlnbIncidents } from '../tokens';
import { CommandIDs, RunFlows } from './commands';
import { RunComparisonWidget } from './compare';
import { RunDetailWidget } from './detail';
import { RunDetailModel } from './detail-model';
import { RunsModel } from './model';
import { createExperimentsPanel } from './panel';
import { MetricPins } from './pins';

/** The Experiments sidebar, the run detail view and the commands to open them. */
export const experimentsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlnb-extension:experiments',
  description: 'The Experiments sidebar: find, inspect and reproduce tracked runs.',
  autoStart: true,
  requires: [IMlnbConnection, IRenderMimeRegistry],
  optional: [INotebookTracker, ILayoutRestorer, ICommandPalette, ITranslator, IMlnbIncidents],
  activate: (
    app: JupyterFrontEnd,
    connection: IMlnbConnection,
    rendermime: IRenderMimeRegistry,
    notebooks: INotebookTracker | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    incidents: IMlnbIncidents | null
  ) => {
    const tr = translator ?? nullTranslator;
    const trans = tr.load('mlnb');
    const model = new RunsModel();
    const pins = new MetricPins(id => RunsApi.get(id));
    const details = new WidgetTracker<MainAreaWidget<RunDetailWidget>>({ namespace: 'mlnb-runs' });

    const flows = new RunFlows(app, trans);

    app.commands.addCommand(CommandIDs.openRun, {
      label: trans.__('Open Run'),
      execute: args => {
        const id = String(args.id);
        const widget = showInMainArea(app, details, {
          isFor: content => content.runId === id,
          create: () =>
            new RunDetailWidget(
              new RunDetailModel(id),
              trans,
              rendermime,
              {
                openAsNotebook: run => flows.openAsNotebook(run),
                rerun: run => flows.rerun(run),
                deleted: () => {
                  widget.dispose();
                  void model.refresh();
                },
                openDataset: ref => void app.commands.execute('mlnb:open-dataset', { ref }),
                compare: ids => void app.commands.execute(CommandIDs.compareRuns, { ids })
              },
              pins
            )
        });
      }
    });

    app.commands.addCommand(CommandIDs.compareRuns, {
      label: trans.__('Compare Runs'),
      execute: args => {
        const ids = args.ids as string[];
        const content = new RunComparisonWidget(ids, flows.fetchRuns(ids), trans, pins);
        addToMainArea(app, content);
      }
    });

    const panel = createExperimentsPanel({
      connection,
      translator: tr,
      model,
      notebooks,
      onOpen: run => void app.commands.execute(CommandIDs.openRun, { id: run.id }),
      onOpenRunId: id => void app.commands.execute(CommandIDs.openRun, { id }),
      onCompare: ids => void app.commands.execute(CommandIDs.compareRuns, { ids }),
      onExport: (ids, format) => void flows.exportRuns(ids, format),
      pins,
      incidents: incidents?.model ?? null
    });
    addSidebar(app, panel, {
      rank: 600,
      showCommand: CommandIDs.show,
      showLabel: trans.__('Show Experiments'),
      restorer,
      palette
    });
  }
};
