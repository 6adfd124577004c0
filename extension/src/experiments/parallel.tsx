import * as React from 'react';
import type { Data } from 'plotly.js';
import { IRunRecord } from './types';

export interface IDimension {
  label: string;
  values: number[];
}

/**
 * The axes of a parallel-coordinates plot of runs: each numeric param and each metric's latest
 * value that every run has, in the table's order (params first). Axes on which all runs agree
 * say nothing and are left out.
 */
export function parallelDimensions(runs: IRunRecord[]): IDimension[] {
  const dimensions: IDimension[] = [];
  const add = (label: string, values: (number | null)[]) => {
    if (
      values.every((v): v is number => typeof v === 'number' && Number.isFinite(v)) &&
      new Set(values).size > 1
    ) {
      dimensions.push({ label, values });
    }
  };
  for (const key of [...new Set(runs.flatMap(r => Object.keys(r.params)))].sort()) {
    add(
      `params.${key}`,
      runs.map(run => (run.params[key]?.type === 'number' ? (run.params[key].value as number) : null))
    );
  }
  for (const key of [...new Set(runs.flatMap(r => Object.keys(r.metrics)))].sort()) {
    add(
      `metrics.${key}`,
      runs.map(run => run.metrics[key]?.at(-1)?.value ?? null)
    );
  }
  return dimensions;
}

let fullPlotly: Promise<typeof import('plotly.js-dist-min')> | undefined;

/**
 * Parallel coordinates of three or more runs, coloured by the last axis (usually a metric).
 * The cartesian bundle has no parcoords trace, so the full plotly.js is loaded here, on first use.
 */
export function ParallelCoordinates(props: { runs: IRunRecord[] }): JSX.Element | null {
  const ref = React.useRef<HTMLDivElement>(null);
  const dimensions = parallelDimensions(props.runs);
  React.useEffect(() => {
    const node = ref.current;
    if (!node || dimensions.length < 2) {
      return;
    }
    let cancelled = false;
    void (fullPlotly ??= import('plotly.js-dist-min')).then(Plotly => {
      if (cancelled) {
        return;
      }
      const last = dimensions[dimensions.length - 1];
      void Plotly.react(
        node,
        // @types/plotly.js types parcoords' line as a scatter line, which has no colour scale.
        [
          {
            type: 'parcoords',
            line: { color: last.values, colorscale: 'Viridis', showscale: true },
            dimensions: dimensions.map(d => ({ label: d.label, values: d.values }))
          } as unknown as Data
        ],
        { height: 320, margin: { l: 60, r: 60, t: 50, b: 30 } },
        { displaylogo: false, responsive: true }
      );
    });
    return () => {
      cancelled = true;
    };
  }, [props.runs]);
  return dimensions.length < 2 ? null : <div className="jp-mlnb-Parallel" ref={ref} />;
}
