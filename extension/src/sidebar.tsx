import { ITranslator } from '@jupyterlab/translation';
import { LabIcon, ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';
import { ConnectionStatus } from './connection/view';
import { IMlnbConnection } from './tokens';

export interface ISidebarOptions {
  id: string;
  /** The panel's title, shown in its header and as the tab's tooltip. */
  label: string;
  icon: LabIcon;
  connection: IMlnbConnection;
  translator: ITranslator;
}

/**
 * A left-sidebar panel of mlnb: a titled SidePanel whose first section is the service
 * connection, so every panel says plainly whether the service answers.
 */
export function createSidebar(options: ISidebarOptions): SidePanel {
  const trans = options.translator.load('mlnb');
  const panel = new SidePanel({ translator: options.translator });
  panel.id = options.id;
  panel.addClass('jp-mlnb-Sidebar');
  panel.title.icon = options.icon;
  panel.title.caption = options.label;
  panel.node.setAttribute('aria-label', options.label);

  const header = new Widget();
  header.addClass('jp-mlnb-Sidebar-title');
  header.node.textContent = options.label;
  panel.header.addWidget(header);

  const status = ReactWidget.create(<ConnectionStatus connection={options.connection} trans={trans} />);
  status.addClass('jp-mlnb-Sidebar-connection');
  panel.addWidget(status);
  return panel;
}
