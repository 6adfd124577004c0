import * as fs from 'node:fs';

/** The parts of nbformat 4 the runner reads and writes. */
export interface NotebookCell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export type NotebookOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; display_name?: string }; [key: string]: unknown };
  cells: NotebookCell[];
}

/** A notebook that cannot be run as given; the message says why, for people. */
export class NotebookError extends Error {}

export const KERNEL_NAME = 'mlnb';
export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Reads and checks a notebook: nbformat 4, on the mlnb kernel. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new NotebookError(
      `Cannot read the notebook ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
    );
  }
  let notebook: Notebook;
  try {
    notebook = JSON.parse(text);
  } catch (error) {
    throw new NotebookError(`${file} is not a notebook: invalid JSON (${(error as Error).message}).`);
  }
  if (!notebook || notebook.nbformat !== 4 || !Array.isArray(notebook.cells)) {
    throw new NotebookError(`${file} is not an nbformat 4 notebook.`);
  }
  const kernel = notebook.metadata?.kernelspec?.name;
  if (kernel !== KERNEL_NAME) {
    throw new NotebookError(
      `${file} runs on the kernel "${kernel ?? 'none'}", not "${KERNEL_NAME}" (TypeScript (mlnb)). ` +
        'Change its kernel in JupyterLab (Kernel → Change Kernel) and save it.'
    );
  }
  for (const cell of notebook.cells) {
    cell.metadata ??= {};
  }
  return notebook;
}

export function hasTag(cell: NotebookCell, tag: string): boolean {
  return Array.isArray(cell.metadata?.tags) && cell.metadata.tags.includes(tag);
}
