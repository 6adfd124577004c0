import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { catalogPlugin } from './catalog/plugin';
import { ConnectionModel } from './connection/model';
import { experimentsPlugin } from './experiments/plugin';
import { healthPlugin } from './health/plugin';
import { jobsPlugin } from './jobs/plugin';
import { trackNotebookPaths } from './notebook-path';
import { IMlnbConnection } from './tokens';
import '../../style/index.css';

namespace CommandIDs {
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

/** Keeps each mlnb kernel told of its notebook's path, so renamed notebooks file runs rightly. */
const notebookPathPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlnb-extension:notebook-path',
  description: 'Tells mlnb kernels the current path of their notebook (after a rename, too).',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_: JupyterFrontEnd, tracker: INotebookTracker) => trackNotebookPaths(tracker)
};

export default [
  connectionPlugin,
  healthPlugin,
  experimentsPlugin,
  catalogPlugin,
  jobsPlugin,
  notebookPathPlugin
];
export { IMlnbConnection } from './tokens';
