import * as fs from 'node:fs';
import type { RunRecorder } from '../capture/recorder';
import { hasTag, Notebook, PARAMETERS_TAG } from '../runner/notebook';
import { parametersCellConstants } from '../runner/parameters';

/**
 * Records a notebook's parameters when its `parameters` cell runs interactively. Execute
 * requests carry the cell id but not its tags, so the tags come from the saved notebook file,
 * re-read only when the file changes; the values come from the source that actually ran.
 */
export class ParametersCellWatcher {
  private mtimeMs = -1;
  private parameterCellIds = new Set<string>();

  constructor(private readonly notebookPath: string | null) {}

  onCellExecuted(cellId: string | null, source: string, recorder: RunRecorder): void {
    if (!cellId || !this.notebookPath || !this.isParametersCell(cellId)) {
      return;
    }
    const values = Object.fromEntries(
      parametersCellConstants(source)
        .filter(p => p.default !== undefined)
        .map(p => [p.name, p.default])
    );
    if (Object.keys(values).length > 0) {
      recorder.params(values);
    }
  }

  private isParametersCell(cellId: string): boolean {
    try {
      const { mtimeMs } = fs.statSync(this.notebookPath!);
      if (mtimeMs !== this.mtimeMs) {
        this.mtimeMs = mtimeMs;
        const notebook = JSON.parse(fs.readFileSync(this.notebookPath!, 'utf8')) as Notebook;
        this.parameterCellIds = new Set(
          notebook.cells.filter(c => c.id && hasTag(c, PARAMETERS_TAG)).map(c => c.id as string)
        );
      }
    } catch {
      this.parameterCellIds = new Set(); // Not saved yet, or not a notebook: no parameters cell.
    }
    return this.parameterCellIds.has(cellId);
  }
}
