import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { experimentOf } from '../capture/code-version';
import { sha256File } from '../capture/files';
import { captureGit } from '../capture/git';
import { NotebookError, readNotebook } from '../runner/notebook';
import {
  checkParameterValues,
  DeclaredParameter,
  declaredParameters,
  ParameterError,
  parseParameterArgs
} from '../runner/parameters';
import {
  ConcurrencyPolicy,
  JOB_ENGINES,
  JobEngine,
  JobExistsError,
  JobNotify,
  JobPatch,
  JobRecord,
  JobSchedule
} from '../store/jobs/types';
import { isProcessAlive } from '../store/engine/liveness';
import type { ParamValue } from '../store/runs/types';
import type { Store } from '../store/engine/store';
import { notifyProblem } from '../runner/notify';
import { checkSchedule, ScheduleError } from './cron';
import { checkDataTrigger, DataTriggerError, DataTriggerInput } from './data-trigger';
import { GateError, parseGates } from './gates';

/** What a person gives to create a job (the CLI's flags, the service's POST body). */
export interface JobInput {
  /** The source notebook (absolute, or relative to the process's cwd). */
  notebook: string;
  name: string;
  schedule?: JobSchedule | null;
  /** Run on each new version of a catalog dataset, with that version (`--on-new-version`). */
  onNewVersion?: DataTriggerInput;
  /** `name=value` pairs (the CLI) or typed values (JSON from the service). */
  params?: string[] | Record<string, unknown>;
  retries?: number;
  backoffSeconds?: number;
  timeoutSeconds?: number | null;
  concurrency?: ConcurrencyPolicy;
  /** Who starts its attempts (default `mlnb`, this machine's scheduler). */
  engine?: string;
  notify?: JobNotify | null;
  gates?: string[];
  enabled?: boolean;
  startingDeadlineSeconds?: number;
  createdBy?: string;
}

/** A job definition that cannot be used; `field` names the part at fault. */
export class JobInputError extends Error {
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message);
  }
}

/** The errors a person fixes by changing what they asked (exit 2, HTTP 400/409). */
export function isJobInputProblem(error: unknown): error is Error & { field?: string } {
  return [
    JobInputError,
    ScheduleError,
    ParameterError,
    NotebookError,
    GateError,
    JobExistsError,
    DataTriggerError
  ].some(kind => error instanceof kind);
}

const NAME = /^[A-Za-z0-9][\w .-]{0,99}$/;
export const DEFAULT_BACKOFF_SECONDS = 10;
export const DEFAULT_STARTING_DEADLINE_SECONDS = 300;
/** How long deleting a job waits for its running attempts to stop. */
const STOP_WAIT_MS = 15_000;

/** The parameters a notebook declares, for the Productionize dialog. */
export function notebookParameters(file: string): DeclaredParameter[] {
  return [...declaredParameters(readNotebook(file)).values()];
}

/** Typed values checked against the declarations (JSON values, as the service receives them). */
export function typedParameters(
  given: string[] | Record<string, unknown>,
  declared: Map<string, DeclaredParameter>
): Record<string, ParamValue> {
  const values = Array.isArray(given)
    ? parseParameterArgs(given, declared)
    : checkParameterValues(given, declared);
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      { type: declared.get(name)!.type, value } as ParamValue
    ])
  );
}

function checkSettings(input: Partial<JobInput>): void {
  const wholeAtLeast = (value: number | undefined, min: number, field: string, what: string) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new JobInputError(`${field} must be ${what}; got ${value}.`, field);
    }
  };
  wholeAtLeast(input.retries, 0, 'retries', 'a whole number, 0 or more');
  if (input.retries !== undefined && input.retries > 100) {
    throw new JobInputError('retries must be at most 100.', 'retries');
  }
  for (const field of ['backoffSeconds', 'startingDeadlineSeconds'] as const) {
    const value = input[field];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new JobInputError(`${field} must be a number of seconds, 0 or more; got ${value}.`, field);
    }
  }
  const timeout = input.timeoutSeconds;
  if (timeout !== undefined && timeout !== null && (!Number.isFinite(timeout) || timeout <= 0)) {
    throw new JobInputError(
      `timeout must be a positive number of seconds; got ${timeout}.`,
      'timeoutSeconds'
    );
  }
  if (input.concurrency !== undefined && !['forbid', 'allow', 'replace'].includes(input.concurrency)) {
    throw new JobInputError(
      `concurrency must be forbid, allow or replace; got "${input.concurrency}".`,
      'concurrency'
    );
  }
  const notifyIssue = input.notify ? notifyProblem(input.notify) : null;
  if (notifyIssue) {
    throw new JobInputError(notifyIssue, 'notify');
  }
  if (input.engine !== undefined && !JOB_ENGINES.includes(input.engine as JobEngine)) {
    throw new JobInputError(
      `engine must be one of ${JOB_ENGINES.join(', ')}; got "${input.engine}".`,
      'engine'
    );
  }
  if (input.schedule) {
    checkEngineSchedule(input.schedule, input.engine ?? 'mlnb');
  }
  parseGates(input.gates ?? []);
}

/** A schedule checked for the engine that fires it (also the dialog's preview, as it is typed). */
export function checkEngineSchedule(schedule: JobSchedule, engine: string): void {
  checkSchedule(schedule);
  if (engine === 'mlnb') {
    return;
  }
  // Airflow and Kubernetes read five cron fields: a seconds field cannot travel there.
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new JobInputError(
      `The ${engine} engine takes a cron of 5 fields (minute hour day-of-month month day-of-week); ` +
        `"${schedule.cron}" has a seconds field.`,
      'schedule'
    );
  }
  // croner's L (last), W (nearest weekday) and # (nth weekday) are refused by Airflow's timetable
  // ("[0 6 * * 5l] is not acceptable") and unknown to Kubernetes' and Argo's cron parser.
  const extension = fields.find(field => /[LW#]/i.test(field));
  if (extension !== undefined) {
    throw new JobInputError(
      `The ${engine} engine's cron has no L, W or # (the field "${extension}" of "${schedule.cron}"): ` +
        'write the days out, e.g. 25-31 for the last week of a month.',
      'schedule'
    );
  }
}

/**
 * Creates a job: checks everything first (name, schedule, time zone, notebook kernel,
 * parameters against the notebook's declarations, gates), then freezes a snapshot of the
 * notebook under the artifact root, with its sha256 and git commit. Nothing is stored when a
 * check fails.
 */
export async function createJob(store: Store, input: JobInput): Promise<JobRecord> {
  const name = input.name?.trim() ?? '';
  if (!NAME.test(name)) {
    throw new JobInputError(
      `The job name "${input.name}" is not valid: 1-100 letters, digits, spaces, _ . -, starting with a letter or digit.`,
      'name'
    );
  }
  checkSettings(input);
  const source = path.resolve(input.notebook);
  const notebook = readNotebook(source);
  const parameters = typedParameters(input.params ?? [], declaredParameters(notebook));
  const onNewVersion = await checkDataTrigger(store.datasets, input.onNewVersion);
  if (await store.jobs.get(name)) {
    throw new JobExistsError(`A job named "${name}" exists already: choose another name.`);
  }
  const id = randomUUID().replace(/-/g, '');
  const snapshot = path.posix.join('jobs', id, path.basename(source));
  const snapshotFile = path.join(store.artifactRoot, snapshot);
  fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
  fs.copyFileSync(source, snapshotFile);
  try {
    const cwd = path.dirname(source);
    const git = await captureGit(cwd);
    const now = Date.now();
    await store.jobs.create({
      id,
      name,
      notebook: {
        path: experimentOf(source, store, cwd),
        snapshot,
        sha256: await sha256File(snapshotFile),
        gitCommit: git?.state.commit ?? null,
        cwd
      },
      parameters,
      schedule: input.schedule ?? null,
      onNewVersion,
      enabled: input.enabled ?? true,
      retries: { count: input.retries ?? 0, backoffSeconds: input.backoffSeconds ?? DEFAULT_BACKOFF_SECONDS },
      timeoutSeconds: input.timeoutSeconds ?? null,
      concurrency: input.concurrency ?? 'forbid',
      engine: (input.engine as JobEngine | undefined) ?? 'mlnb',
      notify: input.notify ?? null,
      startingDeadlineSeconds: input.startingDeadlineSeconds ?? DEFAULT_STARTING_DEADLINE_SECONDS,
      gates: (input.gates ?? []).map(g => g.trim()),
      createdBy: input.createdBy ?? os.userInfo().username,
      createdAt: now
    });
    return (await store.jobs.get(id))!;
  } catch (error) {
    fs.rmSync(path.dirname(snapshotFile), { recursive: true, force: true });
    throw error;
  }
}

/** A change of a job's settings, checked like a new job's (parameters against its snapshot). */
export async function updateJob(
  store: Store,
  job: JobRecord,
  change: Omit<JobPatch, 'parameters' | 'retries' | 'engine' | 'onNewVersion'> & {
    onNewVersion?: DataTriggerInput;
    engine?: string;
    params?: Record<string, unknown>;
    retries?: number;
    backoffSeconds?: number;
  }
): Promise<JobRecord> {
  checkSettings({
    ...change,
    // The engine and the schedule are checked together: either may be the one that changes.
    engine: change.engine ?? job.engine,
    schedule: change.schedule === undefined ? (job.schedule ?? undefined) : (change.schedule ?? undefined),
    timeoutSeconds: change.timeoutSeconds
  });
  const patch: JobPatch = {};
  if (change.schedule !== undefined) patch.schedule = change.schedule;
  if (change.onNewVersion !== undefined) {
    patch.onNewVersion = await checkDataTrigger(store.datasets, change.onNewVersion);
  }
  if (change.enabled !== undefined) patch.enabled = change.enabled;
  if (change.timeoutSeconds !== undefined) patch.timeoutSeconds = change.timeoutSeconds;
  if (change.concurrency !== undefined) patch.concurrency = change.concurrency;
  if (change.engine !== undefined) patch.engine = change.engine as JobEngine;
  if (change.notify !== undefined) patch.notify = change.notify;
  if (change.gates !== undefined) patch.gates = change.gates.map(g => g.trim());
  if (change.retries !== undefined || change.backoffSeconds !== undefined) {
    patch.retries = {
      count: change.retries ?? job.retries.count,
      backoffSeconds: change.backoffSeconds ?? job.retries.backoffSeconds
    };
  }
  if (change.params !== undefined) {
    const snapshot = readNotebook(path.join(store.artifactRoot, job.notebook.snapshot));
    patch.parameters = typedParameters(change.params, declaredParameters(snapshot));
  }
  return (await store.jobs.update(job.id, patch, Date.now()))!;
}

/**
 * Removes a job, its history and its files (snapshot, executed notebooks). Its attempts running
 * on this host are stopped first (their runs are recorded killed); the runs stay.
 */
export async function deleteJob(store: Store, job: JobRecord): Promise<boolean> {
  const stopping: number[] = [];
  for (const attempt of await store.jobs.active(job.id)) {
    await store.jobs.updateAttempt(
      attempt.id,
      {
        status: 'killed',
        endTime: Date.now(),
        error: 'the job was deleted while this attempt was under way'
      },
      [attempt.status]
    );
    if (attempt.childPid && attempt.owner.host === os.hostname()) {
      try {
        process.kill(attempt.childPid, 'SIGTERM');
        stopping.push(attempt.childPid);
      } catch {
        // It ended meanwhile.
      }
    }
  }
  // They write their executed notebooks as they stop: let them, then remove the files.
  const until = Date.now() + STOP_WAIT_MS;
  while (stopping.some(isProcessAlive) && Date.now() < until) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  const deleted = await store.jobs.delete(job.id);
  if (deleted && /^[0-9a-f]{32}$/.test(job.id)) {
    fs.rmSync(path.join(store.artifactRoot, 'jobs', job.id), { recursive: true, force: true });
  }
  return deleted;
}
