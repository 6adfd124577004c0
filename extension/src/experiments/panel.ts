import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { Panel } from '@lumino/widgets';
import * as React from 'react';
import { experimentsIcon } from '../icons';
import { createSidebar, reactView } from '../sidebar';
import { IMlnbConnection } from '../tokens';
import { RunsView } from './list';
import { RunsModel } from './model';
import { MetricPins } from './pins';
import type { OpenIncidentsModel } from '../health/incidents';
import { ModelsModel } from '../models/model';
import { ModelsView } from '../models/view';
import { IRunSummary } from './types';

export const EXPERIMENTS_PANEL_ID = 'jp-mlnb-experiments';

/**
 * The "Experiments" sidebar: the runs of the active notebook (or of all experiments), live,
 * and the registered models with their versions.
 * The list starts loading, and following changes, the first time the panel is shown.
 */
export function createExperimentsPanel(options: {
  connection: IMlnbConnection;
  translator: ITranslator;
  model: RunsModel;
  notebooks: INotebookTracker | null;
  onOpen: (run: IRunSummary) => void;
  onCompare: (ids: string[]) => void;
  onExport: (ids: string[], format: 'csv' | 'json') => void;
  onOpenRunId: (id: string) => void;
  pins: MetricPins;
  incidents: OpenIncidentsModel | null;
}): SidePanel {
  const { model, notebooks } = options;
  const trans = options.translator.load('mlnb');
  const activePath = () => notebooks?.currentWidget?.context.path ?? null;
  const runsView = React.createElement(RunsView, {
    model,
    trans,
    onOpen: options.onOpen,
    onCompare: options.onCompare,
    onExport: options.onExport,
    notebookPath: activePath,
    pins: options.pins,
    incidents: options.incidents
  });

  // The registry below the runs, in the same accordion section: the models those runs made.
  const models = new ModelsModel();
  const modelsView = React.createElement(ModelsView, {
    model: models,
    trans,
    onOpenRun: options.onOpenRunId
  });
  const section = new Panel();
  section.addClass('jp-mlnb-Sidebar-runsAndModels');
  section.addWidget(reactView(runsView, 'jp-mlnb-Sidebar-runs'));
  section.addWidget(reactView(modelsView, 'jp-mlnb-Sidebar-models'));

  // "This notebook" follows the active notebook; with none open, all runs are shown.
  let started = false;
  notebooks?.currentChanged.connect(() => {
    if (started && model.state.query.experiment !== null) {
      model.setQuery({ experiment: activePath() ?? '' });
    }
  });
  return createSidebar({
    id: EXPERIMENTS_PANEL_ID,
    label: trans.__('Experiments'),
    icon: experimentsIcon,
    connection: options.connection,
    translator: options.translator,
    widgets: [section],
    onFirstShow: () => {
      started = true;
      model.follow();
      model.setQuery({ experiment: activePath() });
      models.start();
    },
    models: [model, models]
  });
}
