/** Jobs as the service returns them: the contracts generated from schemas/ (job, api). */
import type {
  AirflowHistory,
  AirflowTry,
  AttemptRecord,
  AttemptStatus,
  ChangeEvent,
  ConcurrencyPolicy,
  DeclaredParameter,
  JobEngine,
  JobSettings,
  JobView,
  ParamType,
  SchedulePreview
} from '../api';

export type { AttemptStatus, ConcurrencyPolicy, JobEngine, ParamType };
export type IAttempt = AttemptRecord;
/** A job on Airflow: each try of its DAG runs, Airflow's state beside the tracked run. */
export type IAirflowHistory = AirflowHistory;
export type IAirflowTry = AirflowTry;
/** A job with what the service adds: the schedule in words, next runs, last attempt. */
export type IJob = JobView;

/** The settings the dialog sends: POST /api/jobs adds notebook and name; PATCH takes these. */
export type IJobSettings = Required<
  Pick<
    JobSettings,
    | 'schedule'
    | 'parameters'
    | 'retries'
    | 'timeoutSeconds'
    | 'concurrency'
    | 'engine'
    | 'gates'
    | 'onNewVersion'
  >
>;

/** GET /api/notebook-parameters: what the notebook declares, in its parameters cell and with %param. */
export type IDeclaredParameter = DeclaredParameter;

/** POST /api/jobs/preview-schedule */
export type ISchedulePreview = SchedulePreview;

/** A job change on the service's event stream (runs have their own events, ignored here). */
export type JobChange = Extract<ChangeEvent, { type: 'job-changed' | 'job-deleted' }>;

export function isJobChange(event: { type?: unknown }): event is JobChange {
  return event.type === 'job-changed' || event.type === 'job-deleted';
}
