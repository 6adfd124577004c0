export type PlotlyModule = typeof import('plotly.js-cartesian-dist-min');

let loading: Promise<PlotlyModule> | undefined;

/** plotly.js is 1.5 MB: loaded on the first figure, not at JupyterLab start-up. */
export function loadPlotly(): Promise<PlotlyModule> {
  return (loading ??= import('plotly.js-cartesian-dist-min'));
}
