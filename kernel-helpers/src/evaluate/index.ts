import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jupyter from 'tslab/dist/jupyter';
import { recorder } from '../api';
import { plot, type PlotlyFigure } from '../display';
import type { EvaluationData } from './inputs';
import { computeEvaluation, describeMeasure, type EvaluateOptions, type Evaluation } from './evaluation';
import { confusionMatrixFigure, importanceFigure } from './figures';
import { predictRows, type Predictor } from './predict';

export type { EvaluateOptions, Evaluation, Measure, MeasureResult } from './evaluation';
export type { EvaluationData, Task } from './inputs';
export { EvaluationError } from './inputs';
export type { Predictor } from './predict';

/** The artifact every evaluation writes on its run; `mlnb.models.register` reads it back. */
export const EVALUATION_ARTIFACT = 'evaluation.json';
/** The evaluation's Plotly figures, kept with the run so its detail view draws the same ones. */
export const FIGURES_ARTIFACT = 'evaluation-figures.json';

/** A class label as part of a metric name ("f1_" + "Gentoo penguin" → "f1_Gentoo_penguin"). */
const metricSafe = (label: string): string => label.replace(/[^\w.-]/g, '_');

/** The metrics logged on the run: the summary ones, per-class ones, and the measure's result. */
function loggedMetrics(evaluation: Evaluation): Record<string, number> {
  const logged: Record<string, number> = {};
  for (const [name, value] of Object.entries(evaluation.metrics)) {
    if (value !== null) {
      logged[name] = value;
    }
  }
  for (const c of evaluation.perClass ?? []) {
    const label = metricSafe(c.label);
    Object.assign(logged, {
      [`precision_${label}`]: c.precision,
      [`recall_${label}`]: c.recall,
      [`f1_${label}`]: c.f1
    });
  }
  if (evaluation.measure) {
    logged.measure_passed = evaluation.measure.passed ? 1 : 0;
  }
  return logged;
}

function summary(evaluation: Evaluation): string {
  const metrics = Object.entries(evaluation.metrics)
    .map(([k, v]) => `${k} ${v === null ? 'n/a' : v.toFixed(4)}`)
    .join(', ');
  const measure = evaluation.measure
    ? `\nmeasure ${describeMeasure(evaluation.measure)}: ${evaluation.measure.passed ? 'passed' : 'FAILED'}`
    : '';
  return `${evaluation.task} evaluation on ${evaluation.rows} rows: ${metrics}${measure}`;
}

/**
 * Evaluates a model on held-out data and logs everything on the current run: the metrics
 * (accuracy, per-class and macro precision/recall/F1, ROC-AUC for binary; RMSE, MAE, R²),
 * permutation feature importance with its spread, and the measure's result (`measure_passed`);
 * the full evaluation as the artifact evaluation.json. In a notebook it draws the confusion
 * matrix and the importance.
 * `await mlnb.evaluate(model, { x: xTest, y: yTest }, { task: 'multiclass', labels: species,
 *   featureNames, measure: { metric: 'f1_macro', atLeast: 0.8 } })`
 */
export async function evaluate(
  model: Predictor,
  data: EvaluationData,
  options: EvaluateOptions
): Promise<Evaluation> {
  const rec = recorder();
  const evaluation = computeEvaluation(predictRows(model, rec.cwd), data, options);
  rec.log(loggedMetrics(evaluation));
  rec.params({
    eval_task: evaluation.task,
    eval_rows: evaluation.rows,
    ...(evaluation.measure ? { eval_measure: describeMeasure(evaluation.measure) } : {})
  });
  if (evaluation.measure) {
    rec.tags({ 'mlnb.measure': evaluation.measure.passed ? 'passed' : 'failed' });
  }
  const figures = figuresOf(evaluation);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-evaluation-'));
  try {
    for (const [name, content] of [
      [EVALUATION_ARTIFACT, evaluation],
      [FIGURES_ARTIFACT, figures]
    ] as const) {
      fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
      await rec.artifact(path.join(dir, name));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(summary(evaluation));
  // Figures only where something shows them (a kernel or `mlnb run`), not in a plain script.
  if (jupyter.lastWriteDisplayData != null) {
    figures.forEach(figure => plot(figure));
  }
  return evaluation;
}

/** The confusion matrix (classification) and the importance (when computed). */
function figuresOf(evaluation: Evaluation): PlotlyFigure[] {
  return [
    ...(evaluation.confusionMatrix && evaluation.labels
      ? [confusionMatrixFigure(evaluation.confusionMatrix, evaluation.labels)]
      : []),
    ...(evaluation.importance.features.length > 0
      ? [importanceFigure(evaluation.importance.features, evaluation.importance.score)]
      : [])
  ];
}
