// Generated from schemas/job.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

import type { ParamValue } from './run';

/**
 * As a Kubernetes CronJob: skip a slot while an attempt is active, run side by side, or kill the active one and start the new.
 */
export type ConcurrencyPolicy = 'forbid' | 'allow' | 'replace';

/**
 * Who starts the job's attempts: mlnb's own scheduler, or the Airflow DAG / Kubernetes CronJob / Argo CronWorkflow it is exported to (mlnb's scheduler never fires those).
 */
export type JobEngine = 'mlnb' | 'airflow' | 'kubernetes' | 'argo';

/**
 * waiting: a retry waiting for its backoff; running; succeeded; failed (the notebook, a gate, the timeout or the runner); killed (replaced by a newer slot, or cancelled); skipped (a slot not started because an attempt ran, policy forbid); missed (a slot older than the starting deadline when the scheduler came back).
 */
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
  /**
   * null: no data trigger. Each new version of the dataset starts an attempt that loads that version (mlnb's scheduler; exported to Airflow as asset scheduling).
   */
  onNewVersion: null | DataTrigger;
  enabled: boolean;
  retries: RetryPolicy;
  timeoutSeconds: number | null;
  concurrency: ConcurrencyPolicy;
  engine: JobEngine;
  /**
   * Whom each run of the job tells, and when (sent by the runner, on every engine); null: nobody.
   */
  notify: {
    on: 'failure' | 'success' | 'always';
    webhook: string | null;
    email: string | null;
  } | null;
  /**
   * A slot missed while no scheduler ran still runs (once) when it is at most this late.
   */
  startingDeadlineSeconds: number;
  /**
   * METRIC OP NUMBER (e.g. val_acc >= 0.8), drift(DATASET, REFVERSION) OP NUMBER, or no-open-incidents (nothing the run read is affected by an open incident); OP one of >= <= > < == !=.
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
   * Service views only, for a job on Airflow when the service knows Airflow's URL (MLNB_AIRFLOW_URL): its DAG in Airflow's UI.
   */
  airflowDagUrl?: string;
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

export interface DataTrigger {
  /**
   * A catalog dataset: each new version of it starts a run, once.
   */
  dataset: string;
  /**
   * Versions that arrive within this of each other start one run, for the last of them.
   */
  debounceSeconds: number;
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
  /**
   * schedule: a slot of the cron; manual: run by hand; dataset: a new version of the trigger dataset (datasetVersion).
   */
  trigger: 'schedule' | 'manual' | 'dataset';
  /**
   * The scheduled time (the request time for a manual run, the version's registration time for a dataset trigger).
   */
  slot: string;
  /**
   * Trigger dataset only: the version that started the attempt and that the notebook loads, NAME@VERSION; null otherwise.
   */
  datasetVersion: string | null;
  /**
   * 1 for the first try of a slot, 2 for its first retry…; 0 for a slot that never ran.
   */
  attempt: number;
  status: AttemptStatus;
  /**
   * When a waiting retry is due.
   */
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
