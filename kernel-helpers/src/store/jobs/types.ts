import type { AttemptRecord, AttemptStatus, GateResult, Job, JobEngine } from '../../contracts';

/** The job record and its attempts, as in schemas/job.schema.json (the mirrors generated in src/contracts). */
export type {
  AttemptRecord,
  AttemptStatus,
  ConcurrencyPolicy,
  DataTrigger,
  GateResult,
  JobEngine,
  JobSchedule,
  NotebookSnapshot
} from '../../contracts';

export const JOB_ENGINES: readonly JobEngine[] = ['mlnb', 'airflow', 'kubernetes', 'argo'];

/** Whom a job's runs tell, and when; the runner sends it, so every engine's attempts notify. */
export type JobNotify = NonNullable<Job['notify']>;

/** A job as stored: the contract's record without the fields only the service's and CLI's views add. */
export type JobRecord = Omit<
  Job,
  'scheduleText' | 'nextRuns' | 'lastAttempt' | 'activeAttempts' | 'airflowDagUrl' | 'history'
>;

export type NewJob = Omit<JobRecord, 'createdAt' | 'updatedAt'> & { createdAt: number };

export type JobPatch = Partial<
  Pick<
    JobRecord,
    | 'schedule'
    | 'onNewVersion'
    | 'enabled'
    | 'retries'
    | 'timeoutSeconds'
    | 'concurrency'
    | 'gates'
    | 'parameters'
    | 'engine'
    | 'notify'
  >
>;

export const ACTIVE_STATUSES: readonly AttemptStatus[] = ['waiting', 'running'];

export interface NewAttempt {
  id: string;
  jobId: string;
  trigger: AttemptRecord['trigger'];
  slot: number;
  attempt: number;
  status: AttemptStatus;
  dueAt: number | null;
  startTime: number | null;
  endTime?: number | null;
  error?: string | null;
  /** A data trigger's attempt: the version it loads (and whose lease it holds). */
  newVersion?: DatasetVersionRef | null;
  /** Which scheduler process owns it: it alone starts, watches and finishes it. */
  owner: AttemptOwner;
}

/** One version of a catalog dataset. */
export interface DatasetVersionRef {
  dataset: string;
  version: number;
}

export interface AttemptOwner {
  id: string;
  host: string;
  pid: number;
}

export interface AttemptPatch {
  status?: AttemptStatus;
  startTime?: number | null;
  endTime?: number | null;
  runId?: string | null;
  executedNotebook?: string | null;
  gateResults?: GateResult[];
  error?: string | null;
  /** The pid of the `mlnb run` process, so another scheduler on the host can stop it. */
  childPid?: number | null;
}

/** An active attempt with who owns it (for reaping, replacing) and the version a data trigger gave it. */
export type ActiveAttempt = AttemptRecord & {
  owner: AttemptOwner;
  childPid: number | null;
  newVersion: DatasetVersionRef | null;
};

/** A job name that is taken; the message says so. */
export class JobExistsError extends Error {}

/** What jobs and pipelines are alike in: a definition with a unique name and an id, changed in place. */
export interface DefinitionStore<Definition, NewDefinition, Patch> {
  /** Throws (JobExistsError, PipelineExistsError) when the name is taken. */
  create(definition: NewDefinition): Promise<void>;
  /** By id, or by name. */
  get(idOrName: string): Promise<Definition | undefined>;
  list(): Promise<Definition[]>;
  /** Undefined when no definition has this id. */
  update(id: string, patch: Patch, at: number): Promise<Definition | undefined>;
  /** Deletes the definition and its history (a job's slots and attempts, a pipeline's runs). */
  delete(id: string): Promise<boolean>;
}

/** Jobs and their attempt history. Every write is its own short transaction. */
export interface JobStore extends DefinitionStore<JobRecord, NewJob, JobPatch> {
  /**
   * The lease: records `slot` of the job as taken (for a data trigger's attempt, its dataset
   * version), with its first attempt, in one transaction. Returns false (and writes nothing)
   * when any scheduler took that slot or version before.
   */
  claimSlot(attempt: NewAttempt): Promise<boolean>;
  /** The latest schedule slot taken for the job, in ms; null when none. */
  lastSlot(jobId: string): Promise<number | null>;
  /** The newest version of `dataset` taken for the job by its data trigger; null when none. */
  lastVersion(jobId: string, dataset: string): Promise<number | null>;
  addAttempt(attempt: NewAttempt): Promise<void>;
  /**
   * Changes an attempt when its status is one of `ifStatus` (default: any). Returns whether it
   * changed: a retry two schedulers both want is started by the one whose update wins.
   */
  updateAttempt(id: string, patch: AttemptPatch, ifStatus?: readonly AttemptStatus[]): Promise<boolean>;
  getAttempt(id: string): Promise<AttemptRecord | undefined>;
  /** Newest first. */
  history(jobId: string, limit?: number): Promise<AttemptRecord[]>;
  /** Waiting and running attempts, of one job or all. */
  active(jobId?: string): Promise<ActiveAttempt[]>;
}
