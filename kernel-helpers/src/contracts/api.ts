// Generated from schemas/api.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

import type { ColumnType } from './dataset';

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
    }
  | {
      type: 'incident-changed';
      /**
       * An incident was opened, noted or resolved: what is affected may have changed
       */
      id: string;
    }
  | {
      type: 'pipeline-changed';
      /**
       * The pipeline or its runs changed
       */
      id: string;
    }
  | {
      type: 'pipeline-deleted';
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
  /**
   * Who starts the job's attempts (job.schema.json's engine); a cron with a seconds field is refused outside mlnb.
   */
  engine?: 'mlnb' | 'airflow' | 'kubernetes' | 'argo';
  gates?: string[];
  enabled?: boolean;
  startingDeadlineSeconds?: number;
  /**
   * A catalog dataset whose new versions start the job (job.schema.json's onNewVersion; debounceSeconds defaults to 5); null removes the trigger.
   */
  onNewVersion?: {
    dataset: string;
    debounceSeconds?: number;
  } | null;
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
 * POST /api/jobs/preview-schedule {cron, timezone, count?, engine?}: the schedule in words and its next fire times; refused like a job's schedule on that engine.
 */
export interface SchedulePreview {
  description: string;
  next: string[];
}

/**
 * One try of a job's Airflow task, as the job's history shows it: Airflow's state (from its REST API v2) next to the mlnb run that try recorded (matched by the run's airflow.dag_run_id and airflow.try_number tags).
 */
export interface AirflowTry {
  dagRunId: string;
  /**
   * Airflow's state of the DAG run (queued, running, success, failed); null when Airflow was not reached
   */
  dagRunState: string | null;
  /**
   * null: the DAG run has not started its task yet
   */
  tryNumber: number | null;
  /**
   * Airflow's state of this try (queued, running, success, failed, up_for_retry...); null when Airflow was not reached: unknown
   */
  state: string | null;
  startTime: string | null;
  endTime: string | null;
  /**
   * The tracked run the try recorded; null while it has none
   */
  runId: string | null;
  runStatus: ('running' | 'finished' | 'failed' | 'killed') | null;
}

/**
 * The Airflow part of a job's history (GET /api/jobs/{id}/history, `mlnb jobs history NAME --json`), for a job on Airflow: each DAG run's tries, newest first.
 */
export interface AirflowHistory {
  dagId: string;
  /**
   * false: Airflow's URL is not known or Airflow did not answer; the tries are what mlnb recorded, their states unknown
   */
  reached: boolean;
  /**
   * Why Airflow was not reached
   */
  problem: string | null;
  tries: AirflowTry[];
}

/**
 * POST /api/incidents: open an incident on a target (dataset name@VERSION, run id, model name@VERSION or name@STAGE, job name). Answers the incident (schemas/incident.schema.json).
 */
export interface IncidentOpening {
  target: string;
  title: string;
  note?: string;
}

/**
 * PATCH /api/incidents/{id}: add a note, resolve, or both (the note first). Answers the incident.
 */
export interface IncidentPatch {
  note?: string;
  status?: 'resolved';
}
