import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Section } from '../components';
import { loadPlotly } from '../plotly/load';
import { IPlotlyFigure } from '../plotly/figure';
import { RunDetailModel } from './detail-model';
import { IRunRecord } from './types';

/** The figures `mlnb.evaluate` keeps with its run (kernel-helpers/src/evaluate/index.ts). */
const FIGURES_FILE = 'evaluation-figures.json';

/**
 * A run's evaluation: the same confusion matrix and importance figures the notebook showed,
 * read from the run's artifact. Nothing when the run was not evaluated.
 */
export function EvaluationSection(props: {
  run: IRunRecord;
  model: RunDetailModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { run, model, trans } = props;
  const artifact = run.artifacts.find(a => a.path === `${run.id}/${FIGURES_FILE}`);
  const [figures, setFigures] = React.useState<IPlotlyFigure[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (!artifact) {
      return;
    }
    let cancelled = false;
    void model.artifactJson<IPlotlyFigure[]>(artifact.path).then(
      loaded => !cancelled && setFigures(loaded),
      (failure: Error) => !cancelled && setError(failure.message)
    );
    return () => {
      cancelled = true;
    };
  }, [run.id, artifact?.sha256]);
  if (!artifact) {
    return null;
  }
  return (
    <Section title={trans.__('Evaluation')}>
      {error && (
        <div className="jp-mlnb-RunDetail-error">{trans.__('The figures could not be read: %1', error)}</div>
      )}
      {figures?.map((figure, i) => (
        <Figure key={i} figure={figure} />
      ))}
    </Section>
  );
}

function Figure(props: { figure: IPlotlyFigure }): JSX.Element {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    let cancelled = false;
    void loadPlotly().then(Plotly => {
      if (!cancelled && ref.current) {
        void Plotly.react(ref.current, props.figure.data as never, props.figure.layout as never, {
          displaylogo: false,
          responsive: true
        });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [props.figure]);
  return <div className="jp-mlnb-Chart" ref={ref} />;
}
