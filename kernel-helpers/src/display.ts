import * as jupyter from 'tslab/dist/jupyter';
import { display } from 'tslab';

export const PLOTLY_MIME_TYPE = 'application/vnd.plotly.v1+json';

/** A Plotly figure: traces (`data`), and optionally `layout` and `config`, as in plotly.js. */
export interface PlotlyFigure {
  data: object[];
  layout?: object;
  config?: object;
}

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
