import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { requestService } from '../api';
import { addToMainArea } from '../main-area';
import { IMlnbConnection } from '../tokens';
import { DatasetDetailWidget } from './detail';
import { CatalogModel } from './model';
import { createDatasetsPanel } from './panel';
import { IDatasetRecord, loadCode } from './types';

namespace CommandIDs {
  export const show = 'mlnb:show-datasets';
  export const open = 'mlnb:open-dataset';
  export const insertLoad = 'mlnb:insert-dataset-load';
  export const addToCatalog = 'mlnb:add-to-catalog';
}

/** Files the profiler reads; "Add to Catalog" shows on these. */
const CATALOG_EXTENSIONS = ['.csv', '.tsv', '.json', '.jsonl', '.ndjson', '.arrow', '.feather'];

/** The Datasets sidebar, the dataset view, "Insert load code" and the file browser's "Add to Catalog". */
export const catalogPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlnb-extension:datasets',
  description: 'The Datasets sidebar: search the shared catalog, inspect, annotate and load datasets.',
  autoStart: true,
  requires: [IMlnbConnection, IRenderMimeRegistry],
  optional: [INotebookTracker, IDefaultFileBrowser, ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    connection: IMlnbConnection,
    rendermime: IRenderMimeRegistry,
    notebooks: INotebookTracker | null,
    fileBrowser: IDefaultFileBrowser | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const tr = translator ?? nullTranslator;
    const trans = tr.load('mlnb');
    const model = new CatalogModel();
    const details = new WidgetTracker<MainAreaWidget<DatasetDetailWidget>>({ namespace: 'mlnb-datasets' });

    const insertLoadCode = (record: IDatasetRecord) => {
      const notebook = notebooks?.currentWidget;
      if (!notebook) {
        Notification.warning(trans.__('Open a notebook to insert the code that loads %1.', record.name), {
          autoClose: 5000
        });
        return;
      }
      NotebookActions.insertBelow(notebook.content);
      const cell = notebook.content.activeCell;
      cell?.model.sharedModel.setSource(loadCode(record.name, record.version));
      app.shell.activateById(notebook.id);
    };

    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open Dataset'),
      execute: args => {
        const [name, version] = String(args.ref ?? args.name).split('@');
        const wanted = version ? Number(version) : args.version !== undefined ? Number(args.version) : null;
        const open = details.find(w => w.content.name === name);
        if (open) {
          open.content.showVersion(wanted);
          app.shell.activateById(open.id);
          return;
        }
        const content = new DatasetDetailWidget(name, wanted, trans, rendermime, {
          insertLoadCode,
          openRun: id => void app.commands.execute('mlnb:open-run', { id })
        });
        addToMainArea(app, content, details);
      }
    });

    app.commands.addCommand(CommandIDs.insertLoad, {
      label: trans.__('Insert Dataset Load Code'),
      execute: async args => {
        const record = await requestService<IDatasetRecord>(
          `api/datasets/${encodeURIComponent(String(args.name))}`
        );
        insertLoadCode(record);
      }
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
        const suggested = PathExt.basename(file.path, PathExt.extname(file.path)).replace(
          /[^A-Za-z0-9_.-]/g,
          '-'
        );
        const answer = await InputDialog.getText({
          title: trans.__('Add %1 to the catalog as', file.name),
          text: suggested,
          placeholder: trans.__('dataset name')
        });
        if (!answer.button.accept || !answer.value) {
          return;
        }
        const registering = requestService<IDatasetRecord>('api/datasets', {
          method: 'POST',
          body: JSON.stringify({ path: file.path, name: answer.value.trim() })
        });
        // The notification only reads the promise; its JSON typing does not fit our record type.
        Notification.promise(registering as unknown as Promise<ReadonlyJSONValue>, {
          pending: { message: trans.__('Profiling %1…', file.name), options: { autoClose: false } },
          success: {
            message: (value: unknown) => {
              const record = value as IDatasetRecord;
              return trans.__(
                '%1@%2: %3 rows, %4 columns',
                record.name,
                record.version,
                record.rows,
                record.schema.length
              );
            },
            options: { autoClose: 5000 }
          },
          error: {
            message: (error: unknown) => String((error as Error).message ?? error),
            options: { autoClose: false }
          }
        });
        const record = await registering.catch(() => null); // The notification shows the error.
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
      translator: tr,
      model,
      onOpen: hit => void app.commands.execute(CommandIDs.open, { ref: hit.name })
    });
    app.shell.add(panel, 'left', { rank: 601 });
    restorer?.add(panel, panel.id);
    app.commands.addCommand(CommandIDs.show, {
      label: trans.__('Show Datasets'),
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: CommandIDs.show, category: 'mlnb' });
  }
};
