import * as jupyter from 'tslab/dist/jupyter';
import { display } from 'tslab';

export const PLOTLY_MIME_TYPE = 'application/vnd.plotly.v1+json';

/** A Plotly figure: traces (`data`), and optionally `layout` and `config`, as in plotly.js. */
export interface PlotlyFigure {
  data: object[];
  layout?: object;
  config?: object;
}

/** What tslab's display calls: `update` is true for `update_display_data`. */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/**
 * The function the kernel and the runner install as tslab's `lastWriteDisplayData`; it also
 * carries `clearOutput`, since tslab has no clear_output of its own (installed with the display
 * function, it always reaches the cell that is running).
 */
export type DisplaySink = ((message: DisplayMessage, update?: boolean) => void) & {
  clearOutput?: (wait: boolean) => void;
};

/**
 * Shows a Plotly figure in the notebook (JupyterLab renders it with the mlnb extension):
 * `mlnb.plot([{ type: 'bar', x: ['a', 'b'], y: [3, 5] }], { title: { text: 'Counts' } })`.
 */
export function plot(figure: PlotlyFigure | object[], layout?: object): void {
  const complete: PlotlyFigure = Array.isArray(figure) ? { data: figure, layout } : figure;
  if (!Array.isArray(complete.data)) {
    throw new TypeError('mlnb.plot needs traces: an array, or a figure with a "data" array.');
  }
  if (jupyter.lastWriteDisplayData == null) {
    throw new Error('mlnb.plot shows figures in a notebook: run it on the "TypeScript (mlnb)" kernel.');
  }
  display.raw(PLOTLY_MIME_TYPE, JSON.stringify(complete));
}

/**
 * Clears the running cell's outputs, as IPython's `clear_output`: with `wait`, at its next
 * output, so a redrawn figure or progress line does not flicker.
 * `mlnb.clearOutput(true); console.log(`epoch ${e}`);`
 */
export function clearOutput(wait = false): void {
  const sink = jupyter.lastWriteDisplayData as DisplaySink | null;
  if (sink == null) {
    throw new Error('mlnb.clearOutput clears a notebook cell: run it on an mlnb kernel.');
  }
  sink.clearOutput?.(wait);
}
