import type { Evaluation, Measure, MeasureResult } from '../store/models/evaluation';
import { permutationImportance } from './importance';
import {
  classTargets,
  EvaluationError,
  readTable,
  regressionTargets,
  TASKS,
  type EvaluationData,
  type Task
} from './inputs';

export type { Evaluation, Measure, MeasureResult };
import { classificationMetrics, regressionMetrics, rocAuc } from './metrics';
import { readPredictions } from './predict';

export interface EvaluateOptions {
  task: Task;
  /** Class names in the order of the model's outputs (classification). */
  labels?: string[];
  /** Names of x's columns, or the DataFrame columns the model reads (default: all but target). */
  featureNames?: string[];
  /** With a DataFrame: the label column. */
  target?: string;
  measure?: Measure;
  /** Shuffles per feature for permutation importance (default 5; 0 skips it). */
  repeats?: number;
  /** Seed of the shuffles (default 0), so an evaluation repeats exactly. */
  seed?: number;
}

const DEFAULT_REPEATS = 5;

/** The score permutation importance reports the drop of (higher is better). */
const importanceScore = (task: Task): string => (task === 'regression' ? 'r2' : 'accuracy');

function checkOptions(options: EvaluateOptions): void {
  if (!options || !TASKS.includes(options.task)) {
    throw new EvaluationError(
      `options.task must be one of ${TASKS.join(', ')}, not ${JSON.stringify(options?.task)}.`
    );
  }
  const repeats = options.repeats ?? DEFAULT_REPEATS;
  if (!Number.isInteger(repeats) || repeats < 0) {
    throw new EvaluationError(`repeats must be a whole number, 0 or more, not ${repeats}.`);
  }
  const measure = options.measure;
  if (measure && (typeof measure.metric !== 'string' || (measure.atLeast ?? measure.atMost) === undefined)) {
    throw new EvaluationError(
      "a measure is { metric: 'f1_macro', atLeast: 0.8 } (or atMost for errors like rmse)."
    );
  }
}

/** Metric names by task, for messages and the measure check. */
export function metricNames(task: Task): string[] {
  return task === 'regression'
    ? ['rmse', 'mae', 'r2']
    : ['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', ...(task === 'binary' ? ['roc_auc'] : [])];
}

/** Computes every metric, the importance and the measure's result; logs nothing. */
export function computeEvaluation(
  predict: (rows: number[][]) => number[][],
  data: EvaluationData,
  options: EvaluateOptions
): Evaluation {
  checkOptions(options);
  const { task } = options;
  const table = readTable(data, options.target, options.featureNames);
  if (table.rows.length === 0) {
    throw new EvaluationError('there are no rows to evaluate.');
  }
  let scoreRows: (rows: number[][]) => Record<string, number>;
  let labels: string[] | null = null;
  let details: Pick<Evaluation, 'perClass' | 'confusionMatrix'> = { perClass: null, confusionMatrix: null };
  if (task === 'regression') {
    const truth = regressionTargets(table.targets);
    scoreRows = rows => ({ ...regressionMetrics(truth, readPredictions(predict(rows), task, 0).predicted) });
  } else {
    const { classes, labels: names } = classTargets(table.targets, task, options.labels);
    labels = names;
    scoreRows = rows => {
      const { predicted, scores } = readPredictions(predict(rows), task, names.length);
      const m = classificationMetrics(classes, predicted, names);
      details = { perClass: m.perClass, confusionMatrix: m.confusionMatrix };
      return {
        accuracy: m.accuracy,
        precision_macro: m.precisionMacro,
        recall_macro: m.recallMacro,
        f1_macro: m.f1Macro,
        ...(scores
          ? {
              roc_auc: rocAuc(
                classes.map(c => c === 1),
                scores
              )
            }
          : {})
      };
    };
  }
  const metrics = scoreRows(table.rows);
  const kept = details; // scoreRows runs again for each shuffle below
  const score = importanceScore(task);
  const repeats = options.repeats ?? DEFAULT_REPEATS;
  const seed = options.seed ?? 0;
  const features =
    repeats > 0
      ? permutationImportance(table.rows, table.featureNames, rows => scoreRows(rows)[score], {
          repeats,
          seed
        })
      : [];
  return {
    task,
    rows: table.rows.length,
    featureNames: table.featureNames,
    labels,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
    ...kept,
    importance: { score, repeats, seed, features },
    measure: options.measure ? judge(options.measure, metrics, task) : null
  };
}

function judge(measure: Measure, metrics: Record<string, number>, task: Task): MeasureResult {
  if (!(measure.metric in metrics)) {
    throw new EvaluationError(
      `the measure's metric "${measure.metric}" is not one of ${task}'s metrics: ${metricNames(task).join(', ')}.`
    );
  }
  const value = metrics[measure.metric];
  const passed =
    Number.isFinite(value) &&
    (measure.atLeast === undefined || value >= measure.atLeast) &&
    (measure.atMost === undefined || value <= measure.atMost);
  return { ...measure, value: Number.isFinite(value) ? value : null, passed };
}

/** "f1_macro >= 0.8" (and "rmse <= 3"), as the measure is shown and recorded. */
export function describeMeasure(measure: Measure): string {
  return [
    measure.atLeast !== undefined ? `${measure.metric} >= ${measure.atLeast}` : null,
    measure.atMost !== undefined ? `${measure.metric} <= ${measure.atMost}` : null
  ]
    .filter(Boolean)
    .join(' and ');
}
