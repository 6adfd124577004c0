import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GateResult, JobRecord } from '../store/jobs/types';
import type { ParamValue } from '../store/runs/types';
import type { Store } from '../store/engine/store';
import { catalogDrift } from '../catalog/versions';
import { notifyArgs } from '../runner/notify';
import { OpenIncidents } from '../incidents/affecting';
import { DriftSource, evaluateGates, gateFailure, parseGates } from './gates';
import type {
  AttemptContext,
  AttemptOutcome,
  PipelineStepContext,
  StartAttempt,
  StartedAttempt
} from './attempt-types';

/** The mlnb CLI of this installation (dist/jobs/attempt.js → bin/mlnb.js). */
const MLNB_BIN = path.resolve(__dirname, '..', '..', 'bin', 'mlnb.js');
/** After the timeout, `mlnb run` kills its notebook itself; past this grace we kill `mlnb run`. */
const TIMEOUT_GRACE_MS = 15_000;
/** A runner asked to stop (SIGTERM) gets this long to record it before SIGKILL. */
const TERM_GRACE_MS = 10_000;

export interface AttemptRunnerOptions {
  store: Store;
  drift?: DriftSource;
  /** The command that runs a notebook (default: this installation's `mlnb run`). */
  command?: { file: string; args: string[] };
}

/**
 * The `mlnb run` arguments that hand over a job's parameters as typed values: one JSON object,
 * read by the runner as JSON and checked by type, never re-parsed from `name=text`.
 */
export function parameterArgs(parameters: Record<string, ParamValue>): string[] {
  const values = parameterValues(parameters);
  return Object.keys(values).length > 0 ? ['--params-json', JSON.stringify(values)] : [];
}

/** A job's parameters as plain typed values. */
export function parameterValues(parameters: Record<string, ParamValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parameters).map(([name, p]) => [name, p.value]));
}

/**
 * The `mlnb run` arguments of a pipeline step: the parent run it belongs to (kept as the run's
 * tags) and the dataset versions its bare dataset names mean (its upstream steps' outputs).
 */
export function pipelineStepArgs(step: PipelineStepContext): string[] {
  return [
    '--pipeline-run',
    JSON.stringify({ pipeline: step.pipeline, run: step.pipelineRunId, step: step.step }),
    // Always, even empty: without it `mlnb run` would look the versions up in the store itself,
    // as a step an engine starts does.
    '--dataset-versions',
    JSON.stringify(step.datasetVersions)
  ];
}

/** Where an attempt's executed notebook is kept, relative to the artifact root. */
export function executedNotebookPath(job: JobRecord, attemptId: string): string {
  const base = path.posix.basename(job.notebook.snapshot).replace(/\.ipynb$/, '');
  return path.posix.join('jobs', job.id, 'attempts', `${attemptId}-${base}.executed.ipynb`);
}

/**
 * Starts attempts as `mlnb run` child processes on the job's snapshot, with its parameters, its
 * timeout and the job id; afterwards checks the gates against the recorded run. A gate that
 * fails fails the run too.
 */
export function attemptRunner(options: AttemptRunnerOptions): StartAttempt {
  const { store } = options;
  return (context: AttemptContext): StartedAttempt => {
    const { job } = context;
    const gates = parseGates(job.gates);
    const executed = executedNotebookPath(job, context.attemptId);
    const snapshot = path.join(store.artifactRoot, job.notebook.snapshot);
    // The source folder may be gone; the snapshot's folder then serves as the working folder.
    const cwd = fs.existsSync(job.notebook.cwd) ? job.notebook.cwd : path.dirname(snapshot);
    const { newVersion } = context;
    // A data trigger's run is named after the version it loads; a slot's after its time.
    const slotName = newVersion
      ? `${newVersion.dataset}@${newVersion.version}`
      : new Date(context.slot).toISOString().slice(0, 19).replace('T', ' ');
    const args = [
      'run',
      snapshot,
      '--cwd',
      cwd,
      '--output',
      path.join(store.artifactRoot, executed),
      '--job-id',
      job.id,
      '--experiment',
      job.notebook.path,
      '--name',
      `${job.name} ${slotName}${context.attempt > 1 ? ` (attempt ${context.attempt})` : ''}`,
      ...parameterArgs(job.parameters),
      // The run judges its gates and notifies itself, as on every engine.
      ...job.gates.flatMap(gate => ['--gate', gate]),
      ...notifyArgs(job.notify),
      ...(job.timeoutSeconds ? ['--timeout', String(job.timeoutSeconds)] : []),
      ...(context.pipeline ? pipelineStepArgs(context.pipeline) : []),
      ...(newVersion
        ? ['--dataset-versions', JSON.stringify({ [newVersion.dataset]: newVersion.version })]
        : [])
    ];
    const command = options.command ?? { file: process.execPath, args: [MLNB_BIN] };
    const child = spawn(command.file, [...command.args, ...args], {
      cwd,
      env: {
        ...process.env,
        MLNB_STORE: store.location.target,
        MLNB_ARTIFACTS: store.artifactRoot,
        MLNB_ATTEMPT: String(context.attempt),
        MLNB_ATTEMPT_ID: context.attemptId,
        // The slot a schedule fired for: OpenLineage's nominal time of the run.
        ...(context.trigger === 'schedule' ? { MLNB_NOMINAL_TIME: new Date(context.slot).toISOString() } : {})
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
    let stopReason: string | null = null;
    const timers: NodeJS.Timeout[] = [];
    const stop = (reason: string) => {
      stopReason ??= reason;
      child.kill('SIGTERM');
      timers.push(setTimeout(() => child.kill('SIGKILL'), TERM_GRACE_MS));
    };
    if (job.timeoutSeconds) {
      timers.push(
        setTimeout(
          () => {
            stopReason ??= `timed out after ${job.timeoutSeconds} s`;
            child.kill('SIGKILL');
          },
          job.timeoutSeconds * 1000 + TIMEOUT_GRACE_MS
        )
      );
    }
    const done = new Promise<AttemptOutcome>(resolve => {
      child.once('error', error => {
        stopReason ??= `the runner could not start: ${error.message}`;
      });
      child.once('close', (code, signal) => {
        timers.forEach(clearTimeout);
        const runId = /^[0-9a-f]{32}$/m.exec(stdout)?.[0] ?? null;
        const kept = fs.existsSync(path.join(store.artifactRoot, executed)) ? executed : null;
        const base = { runId, executedNotebook: kept, gateResults: [] };
        if (code === 0 && !stopReason) {
          resolve(checkGates(options, gates, base));
          return;
        }
        // `mlnb run --gate` failed the run on a gate (exit 1): the history shows each gate's result.
        if (code === 1 && !stopReason && runId && gates.length > 0) {
          resolve(
            checkGates(options, gates, base).then(checked =>
              checked.ok
                ? { ...checked, ok: false, error: lastComplaint(stderr) ?? 'the run failed' }
                : checked
            )
          );
          return;
        }
        const said = lastComplaint(stderr);
        const error =
          stopReason ??
          (code !== null && said
            ? said
            : `the runner crashed (${signal ?? `exit code ${code}`})${said ? `: ${said}` : ''}`);
        resolve({ ...base, ok: false, error });
      });
    });
    return { pid: child.pid ?? null, done, kill: stop };
  };
}

async function checkGates(
  options: AttemptRunnerOptions,
  gates: ReturnType<typeof parseGates>,
  base: Omit<AttemptOutcome, 'ok' | 'error'>
): Promise<AttemptOutcome> {
  if (gates.length === 0) {
    return { ...base, ok: true, error: null };
  }
  const { gateResults, failure } = await gateRun(options.store, base.runId, gates, options.drift);
  return { ...base, gateResults, ok: !failure, error: failure };
}

/**
 * Checks gates against a recorded run; a gate that fails fails the run too (its status and an
 * `mlnb.failure` tag). Shared by mlnb's attempts and `mlnb run --gate` (what exported jobs run).
 */
export async function gateRun(
  store: Store,
  runId: string | null,
  gates: ReturnType<typeof parseGates>,
  drift?: DriftSource
): Promise<{ gateResults: GateResult[]; failure: string | null }> {
  const run = runId ? await store.runs.get(runId) : undefined;
  if (!run) {
    return { gateResults: [], failure: 'the gates cannot be checked: the run record was not found' };
  }
  // Data gates measure drift with the catalog's version diff unless told otherwise.
  const incidents = gates.some(g => g.kind === 'incidents') ? await OpenIncidents.read(store) : undefined;
  const gateResults = await evaluateGates(gates, run, drift ?? catalogDrift(store), incidents);
  const failure = gateFailure(gateResults);
  if (failure) {
    // The run does not count as succeeded either.
    await store.runs.update(run.id, { status: 'failed' });
    await store.runs.setTags(run.id, { 'mlnb.failure': failure });
  }
  return { gateResults, failure };
}

/** What `mlnb run` said last on stderr ("mlnb run: cell 2 failed: ..."), without the prefix. */
function lastComplaint(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean);
  const own = lines.filter(line => /^mlnb( run)?: /.test(line)).pop() ?? lines.pop();
  return own?.replace(/^mlnb( run)?: /, '').replace(/ \(see [^)]*\)$/, '');
}
