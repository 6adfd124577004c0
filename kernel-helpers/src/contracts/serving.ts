// Generated from schemas/serving.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

/**
 * One row's prediction: its request id (for POST /feedback), the label it chose (classifiers) or its value (regression), and the model's outputs.
 */
export interface ScoredRow {
  requestId: string;
  label: string | null;
  value: number | null;
  scores: number[];
}

/**
 * POST /invocations (MLflow's scoring formats in): one scored row per input row, in order, and the version that answered.
 */
export interface InvocationsResponse {
  model: string;
  version: number;
  predictions: ScoredRow[];
}

/**
 * POST /v1/models/{name}:predict (TF Serving's row format): the outputs per row as TF Serving gives them, the request ids beside them.
 */
export interface TfServingResponse {
  model: string;
  version: number;
  predictions: number[][];
  requestIds: string[];
}

/**
 * A refused request (400, 401, 404, 413): what is wrong and, for bad input, the field.
 */
export interface ServingError {
  error: string;
  field?: string;
}

/**
 * POST /feedback: the true label (classifiers) or value (regression) of a prediction, by its request id.
 */
export interface FeedbackRequest {
  requestId: string;
  label?: string | number;
  value?: number;
}

/**
 * A point of a version's live metric series (live_accuracy or live_rmse) over the feedback received so far.
 */
export interface LiveMetric {
  version: number;
  key: string;
  value: number;
  /**
   * Labelled predictions it is computed over
   */
  count: number;
  at: string;
}

/**
 * POST /feedback: whether that prediction was right (or its error) and the live metric after it.
 */
export interface FeedbackResponse {
  requestId: string;
  version: number;
  correct: boolean | null;
  /**
   * Regression: prediction minus the true value
   */
  error: number | null;
  live: LiveMetric;
}

/**
 * Shadow mode: how often the shadow version chose what the serving one did.
 */
export interface ShadowAgreement {
  model: string;
  version: number;
  compared: number;
  agreed: number;
  agreement: number | null;
}

/**
 * GET /health of a model server, and what the registry keeps of each running server (the Models panel shows it).
 */
export interface ServingStatus {
  model: string;
  version: number;
  /**
   * The stage of the serving version when it was loaded
   */
  stage: string;
  /**
   * The stage followed (a promotion swaps the version), or null for a fixed version
   */
  following: string | null;
  warm: boolean;
  address: string;
  startedAt: string;
  heartbeatAt: string;
  shadow: ShadowAgreement | null;
}

/**
 * One feature of the served requests against the training data's profile.
 */
export interface FeatureDrift {
  feature: string;
  psi: number | null;
  /**
   * (mean served − mean trained) / std trained
   */
  meanShiftStd: number | null;
  drifted: boolean;
}

/**
 * The predictions of one version of <model>-requests: when, how many, and the share of each label (or the mean value).
 */
export interface PredictionShares {
  /**
   * name@version
   */
  dataset: string;
  at: string;
  rows: number;
  shares: {
    [k: string]: number;
  };
  mean: number | null;
}

/**
 * `mlnb models monitor NAME --json` and GET /api/models/{name}/monitor: drift of the served requests against the training data, and the predictions over time.
 */
export interface ModelMonitor {
  model: string;
  /**
   * The <model>-requests version compared (name@version), null before any was written
   */
  requests: string | null;
  /**
   * The training data compared against: a catalog version or a file the model's run read
   */
  training: string | null;
  rows: number;
  threshold: number;
  maxPsi: number;
  /**
   * maxPsi reached the threshold
   */
  alert: boolean;
  features: FeatureDrift[];
  predictions: PredictionShares[];
  /**
   * The live metric series of every version
   */
  live: LiveMetric[];
}

/**
 * GET /api/models/{name}/serving: the model servers heard from in the last 30 s and the monitoring report (the Models panel).
 */
export interface ModelServing {
  servers: ServingStatus[];
  monitor: ModelMonitor;
}
