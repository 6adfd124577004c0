import { cellSource, Notebook } from '../../runner/notebook';

/**
 * The datasets a notebook loads and registers, read from its code cells: `%dataset load NAME`,
 * `%dataset register X --name NAME`, `mlnb.catalog.load('NAME')` and
 * `mlnb.catalog.register(x, { name: 'NAME' })`. A pipeline's implied edges come from these, and
 * `mlnb pipelines show` lists them, so nothing is guessed out of sight.
 */
export interface NotebookDatasets {
  loads: string[];
  registers: string[];
}

const NAME = String.raw`([A-Za-z0-9_][\w.-]*?)(?:@\d+)?`;
const QUOTED_NAME = String.raw`(['"\`])${NAME}\1`;
const LOADS = [
  new RegExp(String.raw`^\s*%dataset\s+load\s+(['"]?)${NAME}\1(?=\s|$)`, 'gm'),
  new RegExp(String.raw`catalog\s*\.\s*load\s*\(\s*${QUOTED_NAME}`, 'g')
];
const REGISTERS = [
  new RegExp(String.raw`^\s*%dataset\s+register\b[^\n]*?--name[=\s]+(['"]?)${NAME}\1(?=\s|$)`, 'gm'),
  new RegExp(String.raw`catalog\s*\.\s*register\s*\([^;]*?\bname\s*:\s*${QUOTED_NAME}`, 'g')
];

function names(sources: string[], patterns: RegExp[]): string[] {
  const found = new Set<string>();
  for (const source of sources) {
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) {
        found.add(match[2]);
      }
    }
  }
  return [...found].sort();
}

export function notebookDatasets(notebook: Notebook): NotebookDatasets {
  const sources = notebook.cells.filter(cell => cell.cell_type === 'code').map(cellSource);
  return { loads: names(sources, LOADS), registers: names(sources, REGISTERS) };
}
