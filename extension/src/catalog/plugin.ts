import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { showInMainArea } from '../main-area';
import { panelPlugin } from '../panel-plugin';
import { CATALOG_EXTENSIONS, CatalogFlows, CommandIDs } from './commands';
import { DatasetDetailWidget } from './detail';
import { DatasetDetailModel } from './detail-model';
import { CatalogModel } from './model';
import { createDatasetsPanel } from './panel';

/** The Datasets sidebar, the dataset view, "Insert load code" and the file browser's "Add to Catalog". */
export const catalogPlugin = panelPlugin({
  id: 'mlnb-extension:datasets',
  description: 'The Datasets sidebar: search the shared catalog, inspect, annotate and load datasets.',
  requires: { rendermime: IRenderMimeRegistry },
  optional: { notebooks: INotebookTracker, fileBrowser: IDefaultFileBrowser },
  activate: (
    { app, connection, translator, trans, incidents, addSidebar },
    { rendermime, notebooks, fileBrowser }
  ) => {
    const model = new CatalogModel();
    const details = new WidgetTracker<MainAreaWidget<DatasetDetailWidget>>({ namespace: 'mlnb-datasets' });

    const flows = new CatalogFlows(app, notebooks, trans);

    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open Dataset'),
      execute: args => {
        const [name, version] = String(args.ref ?? args.name).split('@');
        const wanted = version ? Number(version) : args.version !== undefined ? Number(args.version) : null;
        showInMainArea(app, details, {
          isFor: content => content.name === name,
          reuse: content => content.showVersion(wanted),
          create: () =>
            new DatasetDetailWidget(new DatasetDetailModel(name, wanted), trans, rendermime, {
              insertLoadCode: record => flows.insertLoadCode(record),
              openRun: id => void app.commands.execute('mlnb:open-run', { id })
            })
        });
      }
    });

    app.commands.addCommand(CommandIDs.insertLoad, {
      label: trans.__('Insert Dataset Load Code'),
      execute: args => flows.insertLatestLoadCode(String(args.name))
    });

    const selectedFile = () => {
      const item = fileBrowser?.selectedItems().next();
      return item && !item.done && item.value.type !== 'directory' ? item.value : null;
    };
    app.commands.addCommand(CommandIDs.addToCatalog, {
      label: trans.__('Add to Catalog…'),
      isVisible: () => {
        const file = selectedFile();
        return !!file && CATALOG_EXTENSIONS.includes(PathExt.extname(file.path).toLowerCase());
      },
      execute: async () => {
        const file = selectedFile();
        if (!file) {
          return;
        }
        const record = await flows.addToCatalog(file);
        if (!record) {
          return;
        }
        void app.commands.execute(CommandIDs.open, { ref: `${record.name}@${record.version}` });
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.addToCatalog,
      selector: '.jp-DirListing-item[data-isdir="false"]',
      rank: 60
    });

    const panel = createDatasetsPanel({
      connection,
      translator,
      model,
      onOpen: hit => void app.commands.execute(CommandIDs.open, { ref: hit.name }),
      incidents
    });
    addSidebar(panel, { rank: 601, showCommand: CommandIDs.show, showLabel: trans.__('Show Datasets') });
  }
});
