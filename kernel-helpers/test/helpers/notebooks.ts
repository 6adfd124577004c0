import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every shell, template and quoting hazard at once: it must reach the notebook verbatim. */
export const HOSTILE = `'; rm -rf ~ # $(whoami) $(HOME) $$ {{ 7*7 }} {{=1}} "quoted" \`tick\`\nsecond line`;

/** A code cell for a test notebook; tag it `parameters` with `tags`. */
export function code(id: string, source: string, tags?: string[]) {
  return {
    cell_type: 'code',
    id,
    metadata: tags ? { tags } : {},
    execution_count: null,
    outputs: [],
    source
  };
}

/** Writes an nbformat 4 notebook on the mlnb kernel (or `kernel`) and returns its path. */
export function writeNotebook(dir: string, name: string, cells: object[], kernel = 'mlnb'): string {
  const file = path.join(dir, name);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel, display_name: kernel, language: 'typescript' } },
    cells
  };
  fs.writeFileSync(file, JSON.stringify(notebook, null, 1));
  return file;
}
