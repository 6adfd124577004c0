import type { DeclaredParameter } from './parameters';
import { hasTag, INJECTED_TAG, Notebook, NotebookCell, PARAMETERS_TAG } from './notebook';

/**
 * Papermill's convention: the given values go into a cell tagged `injected-parameters` right
 * after the `parameters` cell (at the top when there is none), replacing any earlier injected
 * cell. Parameters-cell constants are redeclared there; `%param` values reach `mlnb.param` at
 * run time and are listed as a comment, so the executed notebook shows every value used.
 */
export function injectParameters(
  notebook: Notebook,
  values: Record<string, unknown>,
  declared: Map<string, DeclaredParameter>
): Notebook {
  const cells = notebook.cells.filter(c => !hasTag(c, INJECTED_TAG));
  const names = Object.keys(values);
  if (names.length === 0) {
    return { ...notebook, cells };
  }
  const lines = ['// Parameters injected by mlnb run'];
  for (const name of names) {
    const literal = JSON.stringify(values[name]);
    lines.push(
      declared.get(name)?.from === 'magic' ? `// %param ${name} = ${literal}` : `const ${name} = ${literal};`
    );
  }
  const injected: NotebookCell = {
    id: 'injected-parameters',
    cell_type: 'code',
    source: lines.join('\n'),
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    execution_count: null
  };
  const at = cells.findIndex(c => c.cell_type === 'code' && hasTag(c, PARAMETERS_TAG)) + 1;
  cells.splice(at, 0, injected);
  return { ...notebook, cells };
}
