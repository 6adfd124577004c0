import type { PlotlyFigure } from '../display';
import type { FeatureImportance } from './importance';

/** The confusion matrix as a heatmap: true classes down, predicted across, counts in the cells. */
export function confusionMatrixFigure(matrix: number[][], labels: string[]): PlotlyFigure {
  return {
    data: [
      {
        type: 'heatmap',
        z: matrix,
        x: labels,
        y: labels,
        colorscale: 'Blues',
        reversescale: true, // Plotly's Blues runs dark to light: the largest counts dark
        text: matrix.map(row => row.map(String)),
        texttemplate: '%{text}',
        hovertemplate: 'true %{y}, predicted %{x}: %{z}<extra></extra>'
      }
    ],
    layout: {
      title: { text: 'Confusion matrix' },
      xaxis: { title: { text: 'predicted' }, type: 'category' },
      yaxis: { title: { text: 'true' }, type: 'category', autorange: 'reversed' },
      height: 320 + 20 * labels.length,
      margin: { t: 50, l: 90 }
    }
  };
}

/** Permutation importance as horizontal bars, most important on top, with the spread as error bars. */
export function importanceFigure(importance: FeatureImportance[], scoreName: string): PlotlyFigure {
  const shown = [...importance].reverse();
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: shown.map(f => f.mean),
        y: shown.map(f => f.feature),
        error_x: { type: 'data', array: shown.map(f => f.std), visible: true },
        hovertemplate: `%{y}: %{x:.4f} drop in ${scoreName}<extra></extra>`
      }
    ],
    layout: {
      title: { text: 'Permutation feature importance' },
      xaxis: { title: { text: `drop in ${scoreName} when shuffled` } },
      yaxis: { automargin: true },
      height: 200 + 28 * importance.length,
      margin: { t: 50 }
    }
  };
}
