import { ITranslator } from '@jupyterlab/translation';
import { ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { MessageLoop } from '@lumino/messaging';
import * as React from 'react';
import { datasetsIcon } from '../icons';
import { createSidebar } from '../sidebar';
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
  const panel = createSidebar({
    id: DATASETS_PANEL_ID,
    label: trans.__('Datasets'),
    icon: datasetsIcon,
    connection: options.connection,
    translator: options.translator
  });
  const view = ReactWidget.create(
    React.createElement(CatalogView, {
      model: options.model,
      trans,
      onOpen: options.onOpen,
      incidents: options.incidents
    })
  );
  view.addClass('jp-mlnb-Sidebar-catalog');
  panel.addWidget(view);
  MessageLoop.installMessageHook(panel, (_, message) => {
    if (message.type === 'after-show') {
      options.model.start();
    }
    return true;
  });
  panel.disposed.connect(() => options.model.dispose());
  return panel;
}
