/**
 * The evaluation record, as logged with a run (evaluation.json) and kept with a model version:
 * evaluate/ computes it; the store owns its shape.
 */

export type Task = 'binary' | 'multiclass' | 'regression';

/** A predefined evaluation measure: `{ metric: 'f1_macro', atLeast: 0.8 }`. */
export interface Measure {
  metric: string;
  atLeast?: number;
  atMost?: number;
}

export interface MeasureResult extends Measure {
  /** The metric's value; null when it could not be computed (ROC-AUC with one class). */
  value: number | null;
  passed: boolean;
}

export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class is this one. */
  support: number;
}

export interface FeatureImportance {
  feature: string;
  /** The mean drop of the score when this feature's column is shuffled (higher: more important). */
  mean: number;
  /** The standard deviation of the drop over the repeats. */
  std: number;
  drops: number[];
}

/** An evaluation, as logged with the run (evaluation.json) and kept with a model version. */
export interface Evaluation {
  task: Task;
  rows: number;
  featureNames: string[];
  labels: string[] | null;
  /** accuracy, precision_macro, recall_macro, f1_macro, roc_auc (binary); rmse, mae, r2. */
  metrics: Record<string, number | null>;
  perClass: ClassScores[] | null;
  confusionMatrix: number[][] | null;
  importance: { score: string; repeats: number; seed: number; features: FeatureImportance[] };
  measure: MeasureResult | null;
}
