import { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { DatasetsApi } from '../api';
import { IDatasetRecord, loadCode } from './types';

export namespace CommandIDs {
  export const show = 'mlnb:show-datasets';
  export const open = 'mlnb:open-dataset';
  export const insertLoad = 'mlnb:insert-dataset-load';
  export const addToCatalog = 'mlnb:add-to-catalog';
}

/** Files the profiler reads; "Add to Catalog" shows on these. */
export const CATALOG_EXTENSIONS = ['.csv', '.tsv', '.json', '.jsonl', '.ndjson', '.arrow', '.feather'];

/** What a person does with the catalog from a notebook or the file browser. */
export class CatalogFlows {
  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly notebooks: INotebookTracker | null,
    private readonly trans: TranslationBundle
  ) {}

  /** Inserts the code that loads a dataset version below the active cell of the current notebook. */
  insertLoadCode(record: Pick<IDatasetRecord, 'name' | 'version'>): void {
    const notebook = this.notebooks?.currentWidget;
    if (!notebook) {
      Notification.warning(this.trans.__('Open a notebook to insert the code that loads %1.', record.name), {
        autoClose: 5000
      });
      return;
    }
    NotebookActions.insertBelow(notebook.content);
    const cell = notebook.content.activeCell;
    cell?.model.sharedModel.setSource(loadCode(record.name, record.version));
    this.app.shell.activateById(notebook.id);
  }

  /** The latest version of a dataset's load code (the command's argument is a name). */
  async insertLatestLoadCode(name: string): Promise<void> {
    this.insertLoadCode(await DatasetsApi.get(name));
  }

  /**
   * Asks for a name, registers the file (the service profiles it) with a notification that
   * follows it, and resolves with the new version, or null when cancelled or refused.
   */
  async addToCatalog(file: { name: string; path: string }): Promise<IDatasetRecord | null> {
    const { trans } = this;
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
      return null;
    }
    const registering = DatasetsApi.register({ path: file.path, name: answer.value.trim() });
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
    return registering.catch(() => null); // The notification shows the error.
  }
}
