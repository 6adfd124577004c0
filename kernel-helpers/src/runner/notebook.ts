import * as fs from 'node:fs';
import { kernelNames, matchingKernel, MLNB_KERNELS, MlnbKernel } from '../kernel/kernels';

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
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    [key: string]: unknown;
  };
  cells: NotebookCell[];
}

/** A notebook that cannot be run as given; the message says why, for people. */
export class NotebookError extends Error {}

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * Reads and checks a notebook: nbformat 4, saved on an mlnb kernel, or run on the one named by
 * `kernel` whatever it was saved with (papermill's `-k`; tslab's kernels name their mlnb twins).
 */
export function readNotebook(file: string, kernel?: string): Notebook {
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
  kernelToRun(notebook, file, kernel);
  for (const cell of notebook.cells) {
    cell.metadata ??= {};
  }
  return notebook;
}

/** The mlnb kernel that runs `notebook` (see readNotebook); NotebookError when there is none. */
export function kernelToRun(notebook: Notebook, file: string, kernel?: string): MlnbKernel {
  const saved = notebook.metadata?.kernelspec?.name;
  const runOn = kernel === undefined ? MLNB_KERNELS.find(k => k.name === saved) : matchingKernel(kernel);
  if (kernel !== undefined && !runOn) {
    throw new NotebookError(`--kernel ${kernel}: not a kernel mlnb runs on (${kernelNames()}).`);
  }
  if (!runOn) {
    const twin = saved === undefined ? undefined : matchingKernel(saved);
    throw new NotebookError(
      `${file} runs on the kernel "${saved ?? 'none'}", not ` +
        `${MLNB_KERNELS.map(k => `"${k.name}" (${k.displayName})`).join(' or ')}. ` +
        (twin
          ? `Run it with --kernel ${twin.name}, or change its kernel in JupyterLab (Kernel → Change Kernel).`
          : 'Change its kernel in JupyterLab (Kernel → Change Kernel) and save it, or give --kernel NAME.')
    );
  }
  return runOn;
}

export function hasTag(cell: NotebookCell, tag: string): boolean {
  return Array.isArray(cell.metadata?.tags) && cell.metadata.tags.includes(tag);
}
