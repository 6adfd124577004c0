/** The model registry as the service returns it: the contracts generated from schemas/ (model, api). */
import type { ModelEvaluation, ModelRecord, ModelServing, ModelStage, ModelSummary } from '../api';

export type { ModelStage };
export type IModelSummary = ModelSummary;
export type IModelEvaluation = ModelEvaluation;
export type IModelRecord = ModelRecord;
export type IModelServing = ModelServing;

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
