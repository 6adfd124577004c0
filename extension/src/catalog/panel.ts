import { ITranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import * as React from 'react';
import { datasetsIcon } from '../icons';
import { createSidebar, reactView } from '../sidebar';
import { IMlnbConnection } from '../tokens';
import { CatalogView } from './list';
import { CatalogModel } from './model';
import { IDatasetHit } from './types';
import type { OpenIncidentsModel } from '../health/incidents';

export const DATASETS_PANEL_ID = 'jp-mlnb-datasets';

/** The "Datasets" sidebar: search the shared catalog; it loads the first time it is shown. */
export function createDatasetsPanel(options: {
  connection: IMlnbConnection;
  translator: ITranslator;
  model: CatalogModel;
  onOpen: (hit: IDatasetHit) => void;
  incidents: OpenIncidentsModel | null;
}): SidePanel {
  const trans = options.translator.load('mlnb');
  const view = React.createElement(CatalogView, {
    model: options.model,
    trans,
    onOpen: options.onOpen,
    incidents: options.incidents
  });
  return createSidebar({
    id: DATASETS_PANEL_ID,
    label: trans.__('Datasets'),
    icon: datasetsIcon,
    connection: options.connection,
    translator: options.translator,
    widgets: [reactView(view, 'jp-mlnb-Sidebar-catalog')],
    onFirstShow: () => options.model.start(),
    models: [options.model]
  });
}
