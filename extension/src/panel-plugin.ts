import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { Token } from '@lumino/coreutils';
import type { OpenIncidentsModel } from './health/incidents';
import { addSidebar, IAddSidebarOptions } from './sidebar';
import { IMlnbConnection, IMlnbIncidents } from './tokens';

/** Services a plugin asks for by name: `{ rendermime: IRenderMimeRegistry }`. */
type Tokens = Record<string, Token<unknown>>;
type ServiceOf<T> = T extends Token<infer S> ? S : never;
type Services<R extends Tokens, O extends Tokens> = { [K in keyof R]: ServiceOf<R[K]> } & {
  [K in keyof O]: ServiceOf<O[K]> | null;
};

/** What every mlnb panel's plugin starts from: the services they all take, resolved once. */
export interface IPanelContext {
  app: JupyterFrontEnd;
  connection: IMlnbConnection;
  translator: ITranslator;
  /** The `mlnb` translation domain. */
  trans: TranslationBundle;
  palette: ICommandPalette | null;
  /** The open incidents behind the panel's badges; null without the Health plugin. */
  incidents: OpenIncidentsModel | null;
  /** Puts the panel in the left sidebar, restored with the layout, shown by a palette command. */
  addSidebar(panel: SidePanel, options: Omit<IAddSidebarOptions, 'restorer' | 'palette'>): void;
}

/**
 * A plugin of an mlnb panel: it takes the connection, layout restorer, palette, translator and
 * open incidents every panel takes, plus the services it names, so its `activate` only wires.
 */
export function panelPlugin<
  R extends Tokens = Record<never, never>,
  O extends Tokens = Record<never, never>
>(options: {
  id: string;
  description: string;
  requires?: R;
  optional?: O;
  activate: (context: IPanelContext, services: Services<R, O>) => void;
}): JupyterFrontEndPlugin<void> {
  // JupyterLab hands services over in the order asked: the shared ones first, then the named.
  const required = Object.entries(options.requires ?? {});
  const optional = Object.entries(options.optional ?? {});
  return {
    id: options.id,
    description: options.description,
    autoStart: true,
    requires: [IMlnbConnection, ...required.map(([, token]) => token)],
    optional: [
      ILayoutRestorer,
      ICommandPalette,
      ITranslator,
      IMlnbIncidents,
      ...optional.map(([, token]) => token)
    ],
    activate: (app: JupyterFrontEnd, connection: IMlnbConnection, ...given: unknown[]) => {
      const named = given.slice(0, required.length);
      const [restorer, palette, translator, incidents, ...maybe] = given.slice(required.length) as [
        ILayoutRestorer | null,
        ICommandPalette | null,
        ITranslator | null,
        IMlnbIncidents | null,
        ...unknown[]
      ];
      const services = Object.fromEntries([
        ...required.map(([name], i) => [name, named[i]]),
        ...optional.map(([name], i) => [name, maybe[i] ?? null])
      ]) as Services<R, O>;
      const tr = translator ?? nullTranslator;
      options.activate(
        {
          app,
          connection,
          translator: tr,
          trans: tr.load('mlnb'),
          palette,
          incidents: incidents?.model ?? null,
          addSidebar: (panel, sidebar) => addSidebar(app, panel, { ...sidebar, restorer, palette })
        },
        services
      );
    }
  };
}
