import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { RunsApi } from '../api';
import { addToMainArea, showInMainArea } from '../main-area';
import { panelPlugin } from '../panel-plugin';
import { CommandIDs, RunFlows } from './commands';
import { RunComparisonWidget } from './compare';
import { RunDetailWidget } from './detail';
import { RunDetailModel } from './detail-model';
import { RunsModel } from './model';
import { createExperimentsPanel } from './panel';
import { MetricPins } from './pins';

/** The Experiments sidebar, the run detail view and the commands to open them. */
export const experimentsPlugin = panelPlugin({
  id: 'mlnb-extension:experiments',
  description: 'The Experiments sidebar: find, inspect and reproduce tracked runs.',
  requires: { rendermime: IRenderMimeRegistry },
  optional: { notebooks: INotebookTracker },
  activate: ({ app, connection, translator, trans, incidents, addSidebar }, { rendermime, notebooks }) => {
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
      translator,
      model,
      notebooks,
      onOpen: run => void app.commands.execute(CommandIDs.openRun, { id: run.id }),
      onOpenRunId: id => void app.commands.execute(CommandIDs.openRun, { id }),
      onCompare: ids => void app.commands.execute(CommandIDs.compareRuns, { ids }),
      onExport: (ids, format) => void flows.exportRuns(ids, format),
      pins,
      incidents
    });
    addSidebar(panel, { rank: 600, showCommand: CommandIDs.show, showLabel: trans.__('Show Experiments') });
  }
});
