import type { NotebookCell, NotebookOutput } from './notebook';

/** One output message of a running cell, as the kernel would publish it on iopub. */
export type OutputEvent =
  | { kind: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | {
      kind: 'display';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      displayId: string | null;
      /** `update_display_data`: replaces the outputs showing `displayId`, adds none. */
      update: boolean;
    }
  | { kind: 'clear'; wait: boolean }
  | { kind: 'error'; ename: string; evalue: string; traceback: string[] };

type DisplayOutput = Extract<NotebookOutput, { output_type: 'display_data' }>;

/**
 * Builds the executed notebook's outputs from a run's output events by nbclient's (papermill's)
 * rules, which JupyterLab follows too: an update of a display replaces every output showing it,
 * in whichever cell; `clear_output(wait=True)` clears the cell at its next output; consecutive
 * text of one stream is one output. Without them a progress display updated 100 times left 100
 * outputs in every executed notebook.
 */
export class ExecutedOutputs {
  /** The outputs showing each display id (a display may be shown in several cells). */
  private readonly displays = new Map<string, { cell: number; output: DisplayOutput }[]>();
  /** The cell whose next output clears it first (`clear_output(wait=True)`). */
  private clearOnNextOutput: number | null = null;

  constructor(private readonly cells: NotebookCell[]) {}

  apply(cellIndex: number, event: OutputEvent): void {
    const cell = this.cells[cellIndex];
    cell.outputs ??= [];
    if (event.kind === 'clear') {
      if (event.wait) {
        this.clearOnNextOutput = cellIndex;
      } else {
        this.clear(cellIndex);
      }
      return;
    }
    if (event.kind === 'display' && event.displayId !== null) {
      for (const shown of this.displays.get(event.displayId) ?? []) {
        shown.output.data = event.data;
        shown.output.metadata = event.metadata;
      }
      if (event.update) {
        return; // an update is never an output of its own
      }
    } else if (event.kind === 'display' && event.update) {
      return; // an update of no display: nothing to replace
    }
    if (this.clearOnNextOutput === cellIndex) {
      this.clear(cellIndex);
    }
    const outputs = cell.outputs;
    if (event.kind === 'stream') {
      const last = outputs[outputs.length - 1];
      if (last?.output_type === 'stream' && last.name === event.name) {
        last.text += event.text;
      } else {
        outputs.push({ output_type: 'stream', name: event.name, text: event.text });
      }
    } else if (event.kind === 'display') {
      // Copies: an earlier output showing the same id is replaced, not shared.
      const output: DisplayOutput = {
        output_type: 'display_data',
        data: event.data,
        metadata: event.metadata
      };
      outputs.push(output);
      if (event.displayId !== null) {
        const shown = this.displays.get(event.displayId) ?? [];
        shown.push({ cell: cellIndex, output });
        this.displays.set(event.displayId, shown);
      }
    } else {
      const { ename, evalue, traceback } = event;
      outputs.push({ output_type: 'error', ename, evalue, traceback });
    }
  }

  private clear(cellIndex: number): void {
    this.cells[cellIndex].outputs = [];
    if (this.clearOnNextOutput === cellIndex) {
      this.clearOnNextOutput = null;
    }
    for (const [id, shown] of this.displays) {
      const kept = shown.filter(s => s.cell !== cellIndex);
      if (kept.length > 0) {
        this.displays.set(id, kept);
      } else {
        this.displays.delete(id);
      }
    }
  }
}
