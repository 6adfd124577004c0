/** The model registry as the service returns it (schemas/model.schema.json). */

export type ModelStage = 'none' | 'staging' | 'production' | 'archived';

export interface IModelSummary {
  name: string;
  latestVersion: number;
  versionCount: number;
  staging: number | null;
  production: number | null;
  updatedAt: string;
}

export interface IModelEvaluation {
  task: 'binary' | 'multiclass' | 'regression';
  rows: number;
  metrics: Record<string, number | null>;
  measure: {
    metric: string;
    atLeast?: number;
    atMost?: number;
    value: number | null;
    passed: boolean;
  } | null;
}

export interface IModelVersion {
  name: string;
  version: number;
  stage: ModelStage;
  runId: string | null;
  artifact: { path: string; sha256: string; bytes: number };
  evaluation: IModelEvaluation | null;
  measurePassed: boolean | null;
  createdBy: string;
  createdAt: string;
}

export interface IStageChange {
  version: number;
  from: ModelStage;
  to: ModelStage;
  by: string;
  at: string;
  forced: boolean;
  reason: string;
}

export interface IModelRecord {
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  versions: IModelVersion[];
  history: IStageChange[];
}

/** The metrics shown for a version, by task: the ones people compare versions on. */
export function headlineMetrics(evaluation: IModelEvaluation | null): [string, number | null][] {
  if (!evaluation) {
    return [];
  }
  const names =
    evaluation.task === 'regression'
      ? ['rmse', 'mae', 'r2']
      : ['accuracy', 'f1_macro', ...(evaluation.task === 'binary' ? ['roc_auc'] : [])];
  return names.map(name => [name, evaluation.metrics[name] ?? null]);
}
