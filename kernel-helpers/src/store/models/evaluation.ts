/**
 * The evaluation record, as logged with a run (evaluation.json) and kept with a model version:
 * evaluate/ computes it; its shape is schemas/model.schema.json's $defs/evaluation.
 */
import type { MeasureResult, ModelEvaluation } from '../../contracts';

export type { MeasureResult } from '../../contracts';

/** An evaluation, as logged with the run (evaluation.json) and kept with a model version. */
export type Evaluation = ModelEvaluation;

export type Task = Evaluation['task'];

/** A predefined evaluation measure: `{ metric: 'f1_macro', atLeast: 0.8 }`. */
export type Measure = Omit<MeasureResult, 'value' | 'passed'>;

export type ClassScores = NonNullable<Evaluation['perClass']>[number];

export type FeatureImportance = Evaluation['importance']['features'][number];
