import type { ColumnProfile, ColumnType, Histogram } from '../profile/types';
import type { PlotlyFigure } from '../display';

const PANEL_HEIGHT = 220;
/** Category labels longer than this are cut with "…"; the hover shows the whole value. */
export const LABEL_LENGTH = 14;

type Json = Record<string, unknown>;

/** One column's histogram as a Plotly trace, its axes' settings and a note on values left out. */
export interface ColumnChart {
  trace: Json;
  xaxis: Json;
  yaxis: Json;
  /** For categories: the rows in values beyond the top ones, shown beside the bars, not as one. */
  note?: string;
}

export function truncateLabel(value: string, length = LABEL_LENGTH): string {
  return value.length > length ? `${value.slice(0, length - 1)}…` : value;
}

/**
 * The chart of one column, the same in the dataset panel, `%hist` and executed notebooks:
 * numeric bins as vertical bars (on a date axis for datetime columns, whose edges are epoch ms),
 * categories as horizontal bars, most frequent on top, labels cut to fit, and the "(other)"
 * rows as a note so they never dwarf the values shown.
 */
export function columnChart(name: string, type: ColumnType, h: Histogram): ColumnChart {
  if (h.kind === 'numeric') {
    const dates = type === 'datetime';
    const middle = (b: number): number => (h.edges[b] + h.edges[b + 1]) / 2;
    return {
      trace: {
        type: 'bar',
        x: h.counts.map((_, b) => (dates ? new Date(middle(b)).toISOString() : middle(b))),
        y: h.counts,
        width: h.counts.map((_, b) => h.edges[b + 1] - h.edges[b]),
        hovertemplate: `${name}: %{x${dates ? '|%Y-%m-%d %H:%M' : ''}}<br>count: %{y}<extra></extra>`
      },
      xaxis: dates ? { type: 'date' } : {},
      yaxis: {}
    };
  }
  const other = h.other > 0 ? `(other): ${h.other.toLocaleString('en-US')}` : undefined;
  return {
    trace: {
      type: 'bar',
      orientation: 'h',
      x: h.counts,
      y: h.values,
      hovertemplate: `${name}: %{y}<br>count: %{x}<extra></extra>`
    },
    xaxis: {},
    yaxis: {
      type: 'category',
      autorange: 'reversed',
      automargin: true,
      tickvals: h.values,
      ticktext: h.values.map(v => truncateLabel(v))
    },
    ...(other ? { note: other } : {})
  };
}

/** The "(other)" note, at the bottom right of a chart where the shortest bars leave room. */
export function noteAnnotation(text: string, axis = ''): Json {
  return {
    text,
    xref: `x${axis} domain`,
    yref: `y${axis} domain`,
    x: 1,
    y: 0,
    xanchor: 'right',
    yanchor: 'bottom',
    showarrow: false,
    font: { size: 11 }
  };
}

/** One small histogram per column, in a grid (see columnChart). */
export function histogramFigure(columns: ColumnProfile[], title?: string): PlotlyFigure {
  const shown = columns.filter(c => c.histogram);
  const perRow = Math.min(3, Math.max(1, shown.length));
  const rows = Math.ceil(shown.length / perRow);
  const axes: Json = {};
  const data: Json[] = [];
  const annotations: Json[] = [];
  shown.forEach((column, i) => {
    const axis = i === 0 ? '' : String(i + 1);
    const chart = columnChart(column.name, column.type, column.histogram!);
    data.push({ ...chart.trace, name: column.name, xaxis: `x${axis}`, yaxis: `y${axis}`, showlegend: false });
    axes[`xaxis${axis}`] = chart.xaxis;
    axes[`yaxis${axis}`] = chart.yaxis;
    annotations.push({
      text: `${column.name} (${column.type})`,
      xref: `x${axis} domain`,
      yref: `y${axis} domain`,
      x: 0.5,
      y: 1.12,
      showarrow: false,
      font: { size: 12 }
    });
    if (chart.note) {
      annotations.push(noteAnnotation(chart.note, axis));
    }
  });
  return {
    data,
    layout: {
      ...(title ? { title: { text: title } } : {}),
      grid: { rows, columns: perRow, pattern: 'independent', ygap: 0.45, xgap: 0.25 },
      height: Math.max(PANEL_HEIGHT, rows * PANEL_HEIGHT + 40),
      margin: { t: title ? 60 : 30, b: 30, l: 40, r: 10 },
      bargap: 0.05,
      ...axes,
      annotations
    }
  };
}
