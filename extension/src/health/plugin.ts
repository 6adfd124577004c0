import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { showInMainArea } from '../main-area';
import { IMlnbConnection, IMlnbIncidents } from '../tokens';
import { OpenIncidentsModel } from './incidents';
import { HealthModel } from './model';
import { HealthWidget } from './view';

export namespace CommandIDs {
  export const openHealth = 'mlnb:open-health';
}

/** The Health view (command "mlnb: Health") and the open incidents the panels badge. */
export const healthPlugin: JupyterFrontEndPlugin<IMlnbIncidents> = {
  id: 'mlnb-extension:health',
  description: 'The Health view (the ML Joel test of the store) and the open incidents for badges.',
  autoStart: true,
  requires: [IMlnbConnection],
  provides: IMlnbIncidents,
  optional: [ICommandPalette, ILayoutRestorer, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    _connection: IMlnbConnection,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null
  ): IMlnbIncidents => {
    const trans = (translator ?? nullTranslator).load('mlnb');
    const tracker = new WidgetTracker<MainAreaWidget<HealthWidget>>({ namespace: 'mlnb-health' });
    app.commands.addCommand(CommandIDs.openHealth, {
      label: trans.__('mlnb: Health'),
      caption: trans.__('The ML Joel test of this store: nine answers with evidence'),
      // One Health view: the open one is shown again.
      execute: () => {
        showInMainArea(app, tracker, {
          isFor: () => true,
          create: () => new HealthWidget(new HealthModel(), trans)
        });
      }
    });
    palette?.addItem({ command: CommandIDs.openHealth, category: 'mlnb' });
    void restorer?.restore(tracker, { command: CommandIDs.openHealth, name: () => 'health' });
    return { model: new OpenIncidentsModel() };
  }
};
