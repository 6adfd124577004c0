// Generated from schemas/*.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';

export type RunSource = 'interactive' | 'batch' | 'job';

export type ParamType = 'number' | 'string' | 'boolean' | 'json';

/**
 * One tracked execution of a notebook: who ran what code, where, on which data, with which parameters, and what came out.
 */
export interface RunRecord {
  id: string;
  /**
   * The notebook path relative to the workspace (the folder holding .mlnb/).
   */
  experiment: string;
  name: string;
  status: RunStatus;
  source: RunSource;
  /**
   * The job whose attempt this run is; null otherwise
   */
  jobId: string | null;
  user: string;
  host: string;
  startTime: string;
  endTime: string | null;
  code: CodeVersion;
  /**
   * The cells executed, in the order they really ran.
   */
  cells: CellRecord[];
  environment: Environment;
  params: {
    [k: string]: ParamValue;
  };
  metrics: {
    [k: string]: MetricEntry[];
  };
  dataRefs: DataRef[];
  artifacts: ArtifactRecord[];
  tags: {
    [k: string]: string;
  };
  notes: string;
}

export interface CodeVersion {
  git: null | GitState;
  notebook: null | {
    path: string;
    /**
     * of the saved file when the run started
     */
    sha256: string | null;
  };
}

export interface GitState {
  /**
   * null in a repository with no commit yet
   */
  commit: string | null;
  /**
   * null on a detached HEAD
   */
  branch: string | null;
  /**
   * origin's URL, credentials removed
   */
  remote: string | null;
  dirty: boolean;
  /**
   * the artifact path of `git diff HEAD` when dirty
   */
  diffArtifact: string | null;
}

export interface CellRecord {
  seq: number;
  cellId: string | null;
  executionCount: number | null;
  sourceSha256: string;
  source: string;
  startTime: string;
  /**
   * null while the cell runs
   */
  durationMs: number | null;
  status: 'running' | 'ok' | 'error';
  error: string | null;
}

export interface Environment {
  node: string;
  tslab: string | null;
  typescript: string | null;
  os: {
    platform: string;
    release: string;
    arch: string;
  };
  cpu: {
    model: string;
    cores: number;
  };
  memoryBytes: number;
  /**
   * GPU models from nvidia-smi; null when it does not answer
   */
  gpu: string[] | null;
  container: null | {
    runtime: string;
    image: string | null;
  };
  tfjsBackend: string | null;
  /**
   * resolved versions of the packages the notebook imports
   */
  packages: {
    [k: string]: string;
  };
}

export interface ParamValue {
  type: ParamType;
  value: unknown;
}

export interface MetricEntry {
  step: number;
  value: number;
  time: string;
}

export interface DataRef {
  uri: string;
  /**
   * name@version when loaded from the catalog
   */
  dataset: string | null;
  sha256: string | null;
  role: 'input' | 'output';
  rows: number | null;
}

export interface ArtifactRecord {
  /**
   * relative to the store's artifact root
   */
  path: string;
  kind: 'model' | 'diff' | 'notebook' | 'file';
  sha256: string;
  bytes: number;
}

export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'arrow' | 'parquet';

export type ColumnType = 'integer' | 'number' | 'boolean' | 'datetime' | 'string' | 'categorical';

export type Histogram =
  | {
      kind: 'numeric';
      edges: number[];
      counts: number[];
    }
  | {
      kind: 'categorical';
      values: string[];
      counts: number[];
      other: number;
    };

/**
 * One version of a catalog dataset: where it lives, what it holds (schema, statistics, histograms), what people wrote about it, and which runs produced and read it. Annotations belong to the dataset name and are shared by all its versions.
 */
export interface DatasetRecord {
  /**
   * Letters, digits, '_', '.', '-'; starts with a letter or digit
   */
  name: string;
  /**
   * 1, 2, 3… per name; new content, new version
   */
  version: number;
  sha256: string;
  /**
   * The file the version was profiled from, or its stored copy when registered from a DataFrame
   */
  location: string;
  format: DatasetFormat;
  rows: number;
  bytes: number;
  schema: SchemaColumn[];
  /**
   * Per column name
   */
  statistics: {
    [k: string]: ColumnStatistics;
  };
  /**
   * Per column name; a column with no values has none
   */
  histograms: {
    [k: string]: Histogram;
  };
  badRows?: BadRows;
  annotations: DatasetAnnotations;
  createdBy: string;
  createdAt: string;
  lineage: DatasetLineage;
  /**
   * Every version of this name, newest first
   */
  versions: DatasetVersionSummary[];
}

export interface SchemaColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

export interface ColumnStatistics {
  /**
   * Values present
   */
  count: number;
  missing: number;
  distinct: number;
  distinctExact: boolean;
  /**
   * Relative standard error when estimated
   */
  distinctError?: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  /**
   * Sample standard deviation (n - 1)
   */
  std?: number;
  quantiles?: Quantiles;
  quantilesExact?: boolean;
  /**
   * Bound on the rank error when estimated
   */
  quantileRankError?: number;
  /**
   * false when a column had too many distinct values to count each: counts are then lower bounds
   */
  topExact?: boolean;
  /**
   * When not exact: how much any top count may fall short of the true count
   */
  topCountError?: number;
  top?: {
    value: string;
    count: number;
  }[];
}

export interface Quantiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

/**
 * Rows that did not have the header's number of fields; they are counted, not profiled
 */
export interface BadRows {
  count: number;
  /**
   * The first 20, 1-based
   */
  lines: number[];
}

export interface DatasetAnnotations {
  /**
   * Markdown; shown sanitized
   */
  description: string;
  tags: string[];
  owner: string;
  columnNotes: {
    [k: string]: string;
  };
  notes: DatasetNote[];
}

export interface DatasetNote {
  time: string;
  author: string;
  text: string;
}

export interface DatasetLineage {
  /**
   * The run that registered this version, when registered from a notebook or job
   */
  producedBy: string | null;
  /**
   * Runs that loaded this version, newest first (at most 100)
   */
  readBy: DatasetReader[];
}

export interface DatasetReader {
  runId: string;
  runName: string;
  experiment: string;
  startTime: string;
}

export interface DatasetVersionSummary {
  version: number;
  sha256: string;
  rows: number;
  bytes: number;
  createdAt: string;
  createdBy: string;
}

/**
 * As a Kubernetes CronJob: skip a slot while an attempt is active, run side by side, or kill the active one and start the new.
 */
export type ConcurrencyPolicy = 'forbid' | 'allow' | 'replace';

export type AttemptStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'killed' | 'skipped' | 'missed';

/**
 * A notebook turned into a scheduled batch job: a frozen snapshot, typed parameters, a schedule, retries, a timeout, a concurrency policy and validation gates. $defs.attempt is one entry of its history.
 */
export interface Job {
  id: string;
  name: string;
  notebook: NotebookSnapshot;
  /**
   * Values checked against the notebook's declared parameters (the parameters cell and %param).
   */
  parameters: {
    [k: string]: ParamValue;
  };
  /**
   * null: manual only.
   */
  schedule: null | JobSchedule;
  enabled: boolean;
  retries: RetryPolicy;
  timeoutSeconds: number | null;
  concurrency: ConcurrencyPolicy;
  /**
   * A slot missed while no scheduler ran still runs (once) when it is at most this late.
   */
  startingDeadlineSeconds: number;
  /**
   * METRIC OP NUMBER (e.g. val_acc >= 0.8) or drift(DATASET, REFVERSION) OP NUMBER; OP one of >= <= > < == !=.
   */
  gates: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /**
   * Service and CLI views only: the schedule in plain words.
   */
  scheduleText?: string | null;
  /**
   * Service views only: the next 3 fire times (none when paused or manual).
   */
  nextRuns?: string[];
  /**
   * Service views only: the newest history entry.
   */
  lastAttempt?: AttemptRecord | null;
  /**
   * Service views only: attempts running or waiting to retry.
   */
  activeAttempts?: number;
  /**
   * `mlnb jobs show --json` only: the latest history entries, newest first.
   */
  history?: AttemptRecord[];
}

export interface NotebookSnapshot {
  /**
   * The source notebook, relative to the workspace (the folder holding .mlnb/); the runs' experiment.
   */
  path: string;
  /**
   * The frozen copy every attempt runs, relative to the store's artifact root (jobs/<id>/<name>.ipynb).
   */
  snapshot: string;
  sha256: string;
  /**
   * The commit of the source notebook's work tree when the job was created.
   */
  gitCommit: string | null;
  /**
   * The runs' working folder (the source notebook's folder).
   */
  cwd: string;
}

export interface JobSchedule {
  /**
   * 5 fields: minute hour day-of-month month day-of-week; a leading 6th field for seconds is accepted.
   */
  cron: string;
  /**
   * An IANA time zone, e.g. Europe/Berlin.
   */
  timezone: string;
}

export interface RetryPolicy {
  count: number;
  /**
   * The wait before the first retry, doubled for each next one (at most an hour).
   */
  backoffSeconds: number;
}

/**
 * One entry of a job's history: an attempt that ran, a retry waiting, or a slot skipped or missed (attempt 0).
 */
export interface AttemptRecord {
  id: string;
  jobId: string;
  trigger: 'schedule' | 'manual';
  /**
   * The scheduled time (the request time for a manual run).
   */
  slot: string;
  attempt: number;
  status: AttemptStatus;
  dueAt: string | null;
  startTime: string | null;
  endTime: string | null;
  durationMs: number | null;
  runId: string | null;
  /**
   * The executed notebook, relative to the store's artifact root.
   */
  executedNotebook: string | null;
  gateResults: GateResult[];
  error: string | null;
}

export interface GateResult {
  gate: string;
  ok: boolean;
  observed: number | null;
  reason: string | null;
}

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
      mean: number;
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
   * A version that failed its measure was moved to staging or production anyway
   */
  forced: boolean;
  reason: string;
}

/**
 * GET /api/health: which mlnb answers and which store it serves.
 */
export interface Health {
  version: string;
  store: {
    engine: 'sqlite' | 'postgres';
    /**
     * A file path, or a URL with its password masked.
     */
    location: string;
    /**
     * The store's identity, kept across copies.
     */
    id: string;
    schemaVersion: number;
  };
}

/**
 * One message of GET /api/events (server-sent events): what changed, for live views to refetch.
 */
export type ChangeEvent =
  | {
      type: 'run-changed';
      id: string;
      /**
       * ms since the epoch
       */
      updatedAt: number;
    }
  | {
      type: 'run-deleted';
      id: string;
    }
  | {
      type: 'dataset-changed';
      name: string;
    }
  | {
      type: 'model-changed';
      /**
       * A version was registered or moved to another stage
       */
      name: string;
    }
  | {
      type: 'job-changed';
      /**
       * The job or its attempts changed
       */
      id: string;
    }
  | {
      type: 'job-deleted';
      id: string;
    };

/**
 * A row of GET /api/runs and `mlnb runs list --json`: the run without its cells and series.
 */
export interface RunSummary {
  id: string;
  experiment: string;
  name: string;
  status: 'running' | 'finished' | 'failed' | 'killed';
  source: 'interactive' | 'batch' | 'job';
  user: string;
  startTime: string;
  endTime: string | null;
  /**
   * Each metric's value at its last step
   */
  latestMetrics: {
    [k: string]: number;
  };
}

/**
 * GET /api/runs?filter&order_by&q&experiment&limit&page_token (MLflow's search_runs shape).
 */
export interface RunPage {
  runs: RunSummary[];
  /**
   * null on the last page
   */
  next_page_token: string | null;
}

/**
 * PATCH /api/runs/{id}: rename, notes, tags (added or replaced). Answers the run.
 */
export interface RunEdit {
  name?: string;
  notes?: string;
  tags?: {
    [k: string]: string;
  };
}

/**
 * POST /api/runs/{id}/rerun: the new batch run (null when it could not start) and how it ended.
 */
export interface RerunResult {
  runId: string | null;
  ok: boolean;
  failure: string | null;
}

/**
 * A result of GET /api/datasets?q&format&tag&owner&limit: the latest version of a dataset, with why it matched.
 */
export interface DatasetHit {
  name: string;
  version: number;
  format: 'csv' | 'tsv' | 'json' | 'jsonl' | 'arrow' | 'parquet';
  rows: number;
  bytes: number;
  tags: string[];
  owner: string;
  /**
   * The description with the matched terms between « and » (plain text, never HTML)
   */
  snippet: string;
  updatedAt: string;
}

/**
 * POST /api/datasets: profile a file under the service's root and store it as a version. Answers the dataset version (201 new, 200 same content).
 */
export interface DatasetRegistration {
  /**
   * Relative to the service's root (the Jupyter root)
   */
  path: string;
  name: string;
  description?: string;
  tags?: string[];
}

/**
 * PATCH /api/datasets/{name}: tags are added, the rest replaced when given. Answers the annotations.
 */
export interface AnnotationPatch {
  description?: string;
  tags?: string[];
  owner?: string;
  /**
   * Per column; an empty string removes the note
   */
  columnNotes?: {
    [k: string]: string;
  };
}

/**
 * POST /api/datasets/{name}/notes: a dated note by the service's user. Answers the annotations.
 */
export interface NoteRequest {
  text: string;
}

/**
 * How one column changed between two versions
 */
export interface ColumnDrift {
  column: string;
  change: 'added' | 'removed' | 'retyped' | 'kept';
  typeFrom: ColumnType | null;
  typeTo: ColumnType | null;
  /**
   * Share of missing values
   */
  missingFrom: number | null;
  missingTo: number | null;
  /**
   * (mean_to − mean_from) / std_from, numeric columns
   */
  meanShiftStd?: number;
  /**
   * Population stability index over the first version's bins
   */
  psi?: number;
  /**
   * Categoricals: the shares of the values in either version's top list
   */
  shares?: {
    value: string;
    from: number;
    to: number;
  }[];
  drifted: boolean;
}

/**
 * GET /api/datasets/{name}/diff?from&to: the statistics diff of two versions.
 */
export interface VersionDiff {
  name: string;
  from: number;
  to: number;
  rowsFrom: number;
  rowsTo: number;
  /**
   * The largest PSI over the columns (0 when none)
   */
  maxPsi: number;
  columns: ColumnDrift[];
}

/**
 * A row of GET /api/models and `mlnb models list --json`.
 */
export interface ModelSummary {
  name: string;
  latestVersion: number;
  versionCount: number;
  /**
   * The version in staging, when any
   */
  staging: number | null;
  /**
   * The version in production, when any
   */
  production: number | null;
  updatedAt: string;
}

/**
 * PATCH /api/jobs/{id} (any of them) and, with notebook and name, POST /api/jobs. Parameters are plain values, checked against the notebook's declarations.
 */
export interface JobSettings {
  schedule?: {
    cron: string;
    timezone: string;
  } | null;
  parameters?: {
    [k: string]: unknown;
  };
  retries?: number;
  backoffSeconds?: number;
  timeoutSeconds?: number | null;
  concurrency?: 'forbid' | 'allow' | 'replace';
  gates?: string[];
  enabled?: boolean;
  startingDeadlineSeconds?: number;
}

/**
 * POST /api/jobs: the notebook (relative to the service's root) and the job's name; the settings as in jobSettings.
 */
export interface JobCreation {
  notebook: string;
  name: string;
}

/**
 * A parameter a notebook declares (GET /api/notebook-parameters?path, GET /api/jobs/{id}/parameters)
 */
export interface DeclaredParameter {
  name: string;
  type: 'number' | 'string' | 'boolean' | 'json';
  default: unknown;
  /**
   * The parameters cell (a const) or a %param line
   */
  from: 'parameters-cell' | 'magic';
}

/**
 * POST /api/jobs/preview-schedule {cron, timezone, count?}: the schedule in words and its next fire times.
 */
export interface SchedulePreview {
  description: string;
  next: string[];
}
