import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { createDatasetsPanel } from './catalog/panel';
import { ConnectionModel } from './connection/model';
import { experimentsPlugin } from './experiments/plugin';
import { jobsPlugin } from './jobs/plugin';
import { trackNotebookPaths } from './notebook-path';
import { IMlnbConnection } from './tokens';
import '../../style/index.css';

namespace CommandIDs {
  export const showDatasets = 'mlnb:show-datasets';
  export const checkConnection = 'mlnb:check-connection';
}

const PALETTE_CATEGORY = 'mlnb';

/** The link to the mlnb service, shared by every panel. */
const connectionPlugin: JupyterFrontEndPlugin<IMlnbConnection> = {
  id: 'mlnb-extension:connection',
  description: 'Connects to the mlnb service and tracks whether it answers.',
  autoStart: true,
  provides: IMlnbConnection,
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IMlnbConnection => {
    const trans = (translator ?? nullTranslator).load('mlnb');
    const model = new ConnectionModel();
    if (settingRegistry) {
      settingRegistry
        .load(connectionPlugin.id)
        .then(settings => {
          const update = () => {
            model.intervalSeconds = settings.get('checkIntervalSeconds').composite as number;
          };
          settings.changed.connect(update);
          update();
        })
        .catch(reason => console.error('mlnb: cannot load settings', reason));
    }
    app.commands.addCommand(CommandIDs.checkConnection, {
      label: trans.__('Check the mlnb Service Connection'),
      execute: () => model.refresh()
    });
    palette?.addItem({ command: CommandIDs.checkConnection, category: PALETTE_CATEGORY });
    return model;
  }
};

/** A plugin that adds one left-sidebar panel, restores it and adds its "show" command. */
function sidebarPlugin(options: {
  id: string;
  description: string;
  rank: number;
  command: string;
  commandLabel: string;
  create: (connection: IMlnbConnection, translator: ITranslator) => SidePanel;
}): JupyterFrontEndPlugin<void> {
  return {
    id: options.id,
    description: options.description,
    autoStart: true,
    requires: [IMlnbConnection],
    optional: [ILayoutRestorer, ICommandPalette, ITranslator],
    activate: (
      app: JupyterFrontEnd,
      connection: IMlnbConnection,
      restorer: ILayoutRestorer | null,
      palette: ICommandPalette | null,
      translator: ITranslator | null
    ) => {
      const tr = translator ?? nullTranslator;
      const panel = options.create(connection, tr);
      app.shell.add(panel, 'left', { rank: options.rank });
      restorer?.add(panel, panel.id);
      app.commands.addCommand(options.command, {
        label: tr.load('mlnb').__(options.commandLabel),
        execute: () => app.shell.activateById(panel.id)
      });
      palette?.addItem({ command: options.command, category: PALETTE_CATEGORY });
    }
  };
}

const datasetsPlugin = sidebarPlugin({
  id: 'mlnb-extension:datasets',
  description: 'The Datasets sidebar: the shared dataset catalog.',
  rank: 601,
  command: CommandIDs.showDatasets,
  commandLabel: 'Show Datasets',
  create: createDatasetsPanel
});

/** Keeps each mlnb kernel told of its notebook's path, so renamed notebooks file runs rightly. */
const notebookPathPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlnb-extension:notebook-path',
  description: 'Tells mlnb kernels the current path of their notebook (after a rename, too).',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_: JupyterFrontEnd, tracker: INotebookTracker) => trackNotebookPaths(tracker)
};

export default [connectionPlugin, experimentsPlugin, datasetsPlugin, jobsPlugin, notebookPathPlugin];
export { IMlnbConnection } from './tokens';
