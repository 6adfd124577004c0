import { ITranslator } from '@jupyterlab/translation';
import { LabIcon, ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { AccordionPanel } from '@lumino/widgets';
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
 * A left-sidebar panel of mlnb: a SidePanel whose header holds the title and a one-line
 * connection state, so every panel says whether the service answers without spending its height.
 * Each mlnb panel has one section, so the accordion's (empty) section header is left out.
 */
export function createSidebar(options: ISidebarOptions): SidePanel {
  const trans = options.translator.load('mlnb');
  const panel = new SidePanel({ translator: options.translator });
  panel.id = options.id;
  panel.addClass('jp-mlnb-Sidebar');
  panel.title.icon = options.icon;
  panel.title.caption = options.label;
  panel.node.setAttribute('aria-label', options.label);

  const header = ReactWidget.create(
    <>
      <span className="jp-mlnb-Sidebar-label">{options.label}</span>
      <ConnectionStatus connection={options.connection} trans={trans} />
    </>
  );
  header.addClass('jp-mlnb-Sidebar-title');
  panel.header.addWidget(header);
  (panel.content as AccordionPanel).titleSpace = 0;
  return panel;
}
