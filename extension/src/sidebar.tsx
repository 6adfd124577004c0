import { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator } from '@jupyterlab/translation';
import { LabIcon, ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import { IDisposable } from '@lumino/disposable';
import { MessageLoop } from '@lumino/messaging';
import { AccordionPanel, Widget } from '@lumino/widgets';
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
  /** The panel's content, top to bottom. */
  widgets: Widget[];
  /** Runs the first time the panel is shown: its models load then, not when JupyterLab starts. */
  onFirstShow: () => void;
  /** The models that live as long as the panel (disposed with it). */
  models: IDisposable[];
}

/**
 * A left-sidebar panel of mlnb: a SidePanel whose header holds the title and a one-line
 * connection state, so every panel says whether the service answers without spending its height.
 * Each mlnb panel has one section, so the accordion's (empty) section header is left out.
 * Its models start on the first show and are disposed with it.
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
  options.widgets.forEach(widget => panel.addWidget(widget));

  let shown = false;
  MessageLoop.installMessageHook(panel, (_, message) => {
    if (!shown && message.type === 'after-show') {
      shown = true;
      options.onFirstShow();
    }
    return true;
  });
  panel.disposed.connect(() => options.models.forEach(model => model.dispose()));
  return panel;
}

/** A React view as a widget of a panel, with its CSS class. */
export function reactView(element: React.ReactElement, className: string): ReactWidget {
  const widget = ReactWidget.create(element);
  widget.addClass(className);
  return widget;
}

export interface IAddSidebarOptions {
  /** The panel's place among the left sidebar's tabs. */
  rank: number;
  /** The command that shows the panel, and its label in the palette. */
  showCommand: string;
  showLabel: string;
  restorer: ILayoutRestorer | null;
  palette: ICommandPalette | null;
}

/** Puts a panel in the left sidebar, restored with the layout, with a palette command showing it. */
export function addSidebar(app: JupyterFrontEnd, panel: SidePanel, options: IAddSidebarOptions): void {
  app.shell.add(panel, 'left', { rank: options.rank });
  options.restorer?.add(panel, panel.id);
  app.commands.addCommand(options.showCommand, {
    label: options.showLabel,
    execute: () => app.shell.activateById(panel.id)
  });
  options.palette?.addItem({ command: options.showCommand, category: 'mlnb' });
}
