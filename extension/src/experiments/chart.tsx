import * as React from 'react';
import { loadPlotly } from '../plotly/load';

export interface ISeries {
  name: string;
  steps: number[];
  values: number[];
}

/** One Plotly line chart of metric series (plotly.js loads on the first chart). */
export function MetricChart(props: { title: string; series: ISeries[] }): JSX.Element {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    let cancelled = false;
    const node = ref.current;
    void loadPlotly().then(Plotly => {
      if (cancelled || !node) {
        return;
      }
      void Plotly.react(
        node,
        props.series.map(s => ({
          type: 'scatter',
          mode: 'lines+markers',
          name: s.name,
          x: s.steps,
          y: s.values
        })),
        {
          title: { text: props.title },
          height: 260,
          margin: { l: 50, r: 20, t: 40, b: 40 },
          xaxis: { title: { text: 'step' } },
          showlegend: props.series.length > 1
        },
        { displaylogo: false, responsive: true }
      );
    });
    return () => {
      cancelled = true;
    };
  }, [props.title, props.series]);
  return <div className="jp-mlnb-Chart" ref={ref} />;
}
