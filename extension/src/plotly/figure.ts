/** A Plotly figure as sent by the kernel: `{ data, layout?, config? }`. */
export interface IPlotlyFigure {
  data: object[];
  layout?: object;
  config?: object;
  frames?: object[];
}

/**
 * Reads the `application/vnd.plotly.v1+json` payload. tslab's `display.raw` sends the JSON as
 * a string, other kernels as an object; both are accepted. Throws with a readable message.
 */
export function parseFigure(payload: unknown): IPlotlyFigure {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new Error(`The Plotly figure is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!value || typeof value !== 'object' || !Array.isArray((value as IPlotlyFigure).data)) {
    throw new Error('A Plotly figure needs a "data" array of traces.');
  }
  return value as IPlotlyFigure;
}
