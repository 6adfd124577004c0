import { ITranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import * as React from 'react';
import { jobsIcon } from '../icons';
import { createSidebar, reactView } from '../sidebar';
import { IMlnbConnection } from '../tokens';
import { JobsView } from './list';
import { JobsModel } from './model';
import { PipelinesView } from './pipeline-graph';
import { PipelinesModel } from './pipelines-model';
import { IJob } from './types';
import type { OpenIncidentsModel } from '../health/incidents';

export const JOBS_PANEL_ID = 'jp-mlnb-jobs';

/**
 * The "Jobs" sidebar: the scheduled notebooks and the pipelines (a graph of steps each), live. The list loads, and starts following job
 * events, the first time the panel is shown.
 */
export function createJobsPanel(options: {
  connection: IMlnbConnection;
  translator: ITranslator;
  model: JobsModel;
  pipelines: PipelinesModel;
  /** Opens a tracked run (a pipeline step's). */
  openRun: (runId: string) => void;
  onOpenHistory: (job: IJob) => void;
  onEdit: (job: IJob) => void;
  onDelete: (job: IJob) => void;
  incidents: OpenIncidentsModel | null;
}): SidePanel {
  const { model, pipelines } = options;
  const trans = options.translator.load('mlnb');
  const jobsView = React.createElement(JobsView, {
    model,
    trans,
    onOpenHistory: options.onOpenHistory,
    onEdit: options.onEdit,
    onDelete: options.onDelete,
    incidents: options.incidents
  });
  const pipelinesView = React.createElement(PipelinesView, {
    model: pipelines,
    trans,
    openRun: options.openRun
  });
  return createSidebar({
    id: JOBS_PANEL_ID,
    label: trans.__('Jobs'),
    icon: jobsIcon,
    connection: options.connection,
    translator: options.translator,
    widgets: [
      reactView(jobsView, 'jp-mlnb-Sidebar-jobs'),
      reactView(pipelinesView, 'jp-mlnb-Sidebar-pipelines')
    ],
    onFirstShow: () => {
      model.start();
      pipelines.start();
    },
    models: [model, pipelines]
  });
}
