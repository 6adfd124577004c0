import type { ColumnProfile } from '../profile/types';
import type { PlotlyFigure } from '../display';

const PANEL_HEIGHT = 220;

/**
 * One small histogram per column, in a grid: numeric columns as bars over their bins,
 * categorical and string columns as bars of their most frequent values.
 */
export function histogramFigure(columns: ColumnProfile[], title?: string): PlotlyFigure {
  const shown = columns.filter(c => c.histogram);
  const perRow = Math.min(3, Math.max(1, shown.length));
  const rows = Math.ceil(shown.length / perRow);
  const data = shown.map((column, i) => {
    const axis = i === 0 ? '' : String(i + 1);
    const h = column.histogram!;
    const common = {
      type: 'bar',
      name: column.name,
      xaxis: `x${axis}`,
      yaxis: `y${axis}`,
      showlegend: false
    };
    if (h.kind === 'numeric') {
      return {
        ...common,
        x: h.counts.map((_, b) => (h.edges[b] + h.edges[b + 1]) / 2),
        y: h.counts,
        width: h.counts.map((_, b) => h.edges[b + 1] - h.edges[b]),
        hovertemplate: `${column.name}: %{x}<br>count: %{y}<extra></extra>`
      };
    }
    const values = h.other > 0 ? [...h.values, '(other)'] : h.values;
    const counts = h.other > 0 ? [...h.counts, h.other] : h.counts;
    return {
      ...common,
      x: values,
      y: counts,
      hovertemplate: `${column.name}: %{x}<br>count: %{y}<extra></extra>`
    };
  });
  const annotations = shown.map((column, i) => ({
    text: `${column.name} (${column.type})`,
    xref: `x${i === 0 ? '' : i + 1} domain`,
    yref: `y${i === 0 ? '' : i + 1} domain`,
    x: 0.5,
    y: 1.12,
    showarrow: false,
    font: { size: 12 }
  }));
  return {
    data,
    layout: {
      ...(title ? { title: { text: title } } : {}),
      grid: { rows, columns: perRow, pattern: 'independent', ygap: 0.45, xgap: 0.15 },
      height: Math.max(PANEL_HEIGHT, rows * PANEL_HEIGHT + 40),
      margin: { t: title ? 60 : 30, b: 30, l: 40, r: 10 },
      bargap: 0.05,
      annotations
    }
  };
}
