import { ITranslator } from '@jupyterlab/translation';
import { ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { MessageLoop } from '@lumino/messaging';
import * as React from 'react';
import { jobsIcon } from '../icons';
import { createSidebar } from '../sidebar';
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
  const { model } = options;
  const trans = options.translator.load('mlnb');
  const panel = createSidebar({
    id: JOBS_PANEL_ID,
    label: trans.__('Jobs'),
    icon: jobsIcon,
    connection: options.connection,
    translator: options.translator
  });
  const view = ReactWidget.create(
    React.createElement(JobsView, {
      model,
      trans,
      onOpenHistory: options.onOpenHistory,
      onEdit: options.onEdit,
      onDelete: options.onDelete,
      incidents: options.incidents
    })
  );
  view.addClass('jp-mlnb-Sidebar-jobs');
  panel.addWidget(view);
  const pipelinesView = ReactWidget.create(
    React.createElement(PipelinesView, { model: options.pipelines, trans, openRun: options.openRun })
  );
  pipelinesView.addClass('jp-mlnb-Sidebar-pipelines');
  panel.addWidget(pipelinesView);

  let started = false;
  MessageLoop.installMessageHook(panel, (_, message) => {
    if (!started && message.type === 'after-show') {
      started = true;
      model.start();
      options.pipelines.start();
    }
    return true;
  });
  panel.disposed.connect(() => {
    model.dispose();
    options.pipelines.dispose();
  });
  return panel;
}
