// Generated from schemas/model.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type ModelStage = 'none' | 'staging' | 'production' | 'archived';

/**
 * A model of the registry with its versions (newest first) and the history of its stage changes (newest first), as `mlnb models show NAME --json` and `GET /api/models/{name}` give it. One version alone (`mlnb models show NAME@VERSION --json`, `GET /api/models/{name}/versions/{version}`) follows `$defs/version`.
 */
export interface ModelRecord {
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  versions: ModelVersion[];
  history: StageChange[];
}

export interface ModelVersion {
  name: string;
  /**
   * 1, 2, 3… per model
   */
  version: number;
  stage: ModelStage;
  /**
   * The run that made the model
   */
  runId: string | null;
  artifact: ModelArtifact;
  evaluation: ModelEvaluation | null;
  /**
   * Whether the evaluation's predefined measure held; null without a measure
   */
  measurePassed: boolean | null;
  createdBy: string;
  createdAt: string;
  /**
   * The version's files (model.json first), from the service only
   */
  files?: string[];
}

export interface ModelArtifact {
  /**
   * The tfjs layers model folder (model.json + weights), relative to the artifact root
   */
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * What mlnb.evaluate logged on the run (its evaluation.json)
 */
export interface ModelEvaluation {
  task: 'binary' | 'multiclass' | 'regression';
  rows: number;
  featureNames: string[];
  labels: string[] | null;
  /**
   * accuracy, precision_macro, recall_macro, f1_macro, roc_auc (binary); rmse, mae, r2
   */
  metrics: {
    [k: string]: number | null;
  };
  perClass:
    | {
        label: string;
        precision: number;
        recall: number;
        f1: number;
        /**
         * Rows whose true class is this one
         */
        support: number;
      }[]
    | null;
  /**
   * Rows are the true classes, columns the predicted ones, in the order of labels
   */
  confusionMatrix: number[][] | null;
  importance: {
    /**
     * The metric whose drop is reported
     */
    score: string;
    repeats: number;
    seed: number;
    /**
     * Most important first
     */
    features: {
      feature: string;
      /**
       * The mean drop of the score when this feature's column is shuffled (higher: more important)
       */
      mean: number;
      /**
       * The standard deviation of the drop over the repeats
       */
      std: number;
      drops: number[];
    }[];
  };
  measure: null | MeasureResult;
}

export interface MeasureResult {
  metric: string;
  atLeast?: number;
  atMost?: number;
  /**
   * The metric's value; null when it could not be computed (ROC-AUC with one class)
   */
  value: number | null;
  passed: boolean;
}

export interface StageChange {
  version: number;
  from: ModelStage;
  to: ModelStage;
  by: string;
  at: string;
  /**
   * A version that failed its measure, or one an open incident affects, was moved to staging or production anyway (the reason says which)
   */
  forced: boolean;
  reason: string;
}
