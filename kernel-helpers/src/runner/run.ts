import { ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtScript } from '../built-script';
import type { RunSource } from '../store/runs/types';
import { loadTypescriptFromCodeCache } from '../typescript';
import type { MlnbKernel } from '../kernel/kernels';
import { injectParameters } from './inject';
import { cellSource, kernelToRun, Notebook, NotebookError, NotebookOutput, readNotebook } from './notebook';
import { ExecutedOutputs, OutputEvent } from './outputs';
import {
  checkParameterValues,
  DeclaredParameter,
  declaredParameters,
  magicParameters,
  parametersCellSource,
  parseParameterArgs
} from './parameters';
import type { ChildMessage, RunRequest } from './protocol';
import { ChildOutcome, ensureRunRecord, recordOutcome } from './run-record';

export interface HeadlessRunOptions {
  notebook: string;
  /** `name=value` pairs, as given to `-p` (text, read by each parameter's declared type). */
  params?: string[];
  /** Typed values (a job's parameters, `--params-json`): checked by type, never re-parsed. */
  values?: Record<string, unknown>;
  /** Where to write the executed notebook (it is kept with the run as an artifact too). */
  output?: string;
  /** The working folder of the run; default: the notebook's folder. */
  cwd?: string;
  timeoutSeconds?: number;
  source?: RunSource;
  jobId?: string | null;
  /** The experiment to record the run under (default: the notebook's path in the workspace). */
  experiment?: string | null;
  runName?: string | null;
  /** The seed Math.random starts from (default: a random one, recorded on the run). */
  seed?: number | null;
  /** The catalog version a bare dataset name loads, by name (default: the latest). */
  datasetVersions?: Record<string, number>;
  /** Tags the run gets (a pipeline step's parent run). */
  tags?: Record<string, string>;
  /**
   * Run on this mlnb kernel whatever kernel the notebook was saved with (papermill's `-k`); tslab's
   * kernel names pick their mlnb twin.
   */
  kernel?: string;
  /** Told what happens as it happens: cells starting and ending, their outputs, tfjs epochs. */
  observe?: (event: RunEvent) => void;
  /** Aborting stops the run: its process is killed and the run is recorded killed, with the reason. */
  signal?: AbortSignal;
}

/** What a headless run reports as it goes (progress on a terminal, `--log-output`). */
export type RunEvent =
  | { type: 'cell'; index: number; position: number; total: number; source: string }
  | { type: 'output'; index: number; output: OutputEvent }
  | { type: 'epoch'; index: number; epoch: number; epochs: number }
  | { type: 'end'; ok: boolean };

export interface HeadlessRunResult {
  runId: string | null;
  ok: boolean;
  /** Why the run failed, for people (the failing cell's error, a timeout, a crash). */
  failure: string | null;
  executed: Notebook;
}

/**
 * Executes a notebook headlessly as a tracked run, in a child process (user code shares the
 * process's global scope, so each run gets its own). Bad input (an unreadable notebook, another
 * kernel, an unknown parameter, a wrong type) throws NotebookError or ParameterError before
 * anything executes. The executed notebook is returned, and written to `output`, even on
 * failure.
 */
export async function runHeadless(options: HeadlessRunOptions): Promise<HeadlessRunResult> {
  const notebookPath = path.resolve(options.notebook);
  const cwd = path.resolve(options.cwd ?? path.dirname(notebookPath));
  if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) {
    throw new NotebookError(`The working folder ${cwd} does not exist.`);
  }
  // Started first: its TypeScript start-up overlaps our checks; it runs nothing until asked.
  const child = startChild(cwd, languageOf(notebookPath, options.kernel));
  let request: RunRequest;
  let executed: Notebook;
  let values: Record<string, unknown>;
  try {
    ({ request, executed, values } = prepareRun(notebookPath, cwd, options));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  // Needed to record the outcome: loaded while the child works (errors surface where it is used).
  void import('../store/engine/open').catch(() => undefined);
  const outcome = await executeInChild(child, request, executed, options);
  options.observe?.({ type: 'end', ok: outcome.ok });
  executed.metadata = {
    ...executed.metadata,
    mlnb: {
      runId: outcome.runId,
      status: outcome.ok ? 'finished' : 'failed',
      parameters: values,
      failure: outcome.failure,
      ...(request.kernel.savedKernel !== request.kernel.name ? { kernel: request.kernel } : {})
    }
  };
  if (options.output) {
    fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
    fs.writeFileSync(options.output, JSON.stringify(executed, null, 1) + '\n');
  }
  const runId = await ensureRunRecord(request, outcome);
  if (runId) {
    await recordOutcome(
      cwd,
      runId,
      executed,
      path.basename(notebookPath),
      outcome,
      request.jobId,
      options.tags
    );
  }
  await exited(child); // no process outlives the run
  return { ...outcome, runId, executed };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => child.once('exit', () => resolve()));
}

function childScript(): string {
  const script = builtScript('runner/child.js');
  if (!script) {
    throw new Error('mlnb run: the runner is not built (npm run build in kernel-helpers).');
  }
  return script;
}

/** The language the child must be ready for; a notebook that cannot run is refused later. */
function languageOf(notebookPath: string, kernel?: string): MlnbKernel['language'] {
  try {
    const notebook = readNotebook(notebookPath, kernel);
    return kernelToRun(notebook, notebookPath, kernel).language;
  } catch {
    return 'typescript';
  }
}

function startChild(cwd: string, language: MlnbKernel['language']): ChildProcess {
  return fork(childScript(), [language], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // A larger young generation: TypeScript's start-up allocates a lot of short-lived objects.
    execArgv: [...process.execArgv, '--max-semi-space-size=32']
  });
}

/** Reads and checks the notebook and the -p values; builds what the child executes. */
function prepareRun(notebookPath: string, cwd: string, options: HeadlessRunOptions) {
  const notebook = readNotebook(notebookPath, options.kernel);
  const kernel = kernelToRun(notebook, notebookPath, options.kernel);
  const savedKernel = notebook.metadata.kernelspec?.name ?? null;
  const given = options.params ?? [];
  const typed = options.values ?? {};
  // Reading the parameters cell loads TypeScript (0.3 s of CPU, which slows the child's start-up
  // beside us): only checking given values needs it here, and then it is read once, here; with
  // no values the child reads it for the run's params (it loads TypeScript anyway).
  const withValues = given.length > 0 || Object.keys(typed).length > 0;
  const declared = withValues ? declaredWithCodeCache(notebook) : new Map<string, DeclaredParameter>();
  const values = { ...parseParameterArgs(given, declared), ...checkParameterValues(typed, declared) };
  const executed = injectParameters(notebook, values, declared);
  const overrides = Object.fromEntries(
    Object.entries(values).filter(([name]) => declared.get(name)?.from === 'magic')
  );
  const request: RunRequest = {
    cwd,
    notebookPath,
    cells: executed.cells
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.cell_type === 'code')
      .map(({ cell, index }) => ({ index, source: cellSource(cell), cellId: cell.id ?? null })),
    overrides,
    params: values,
    parametersCell: withValues
      ? { source: null, magicNames: [], defaults: cellDefaults(declared) }
      : { source: parametersCellSource(notebook), magicNames: magicParameters(notebook).map(p => p.name) },
    source: options.source ?? 'batch',
    jobId: options.jobId ?? null,
    experiment: options.experiment ?? null,
    runName: options.runName ?? null,
    seed: options.seed ?? null,
    datasetVersions: options.datasetVersions ?? {},
    kernel: { name: kernel.name, language: kernel.language, savedKernel }
  };
  if (savedKernel !== kernel.name) {
    // The executed notebook opens on the kernel it ran on, as papermill's -k writes it.
    executed.metadata = {
      ...executed.metadata,
      kernelspec: { name: kernel.name, display_name: kernel.displayName, language: kernel.language }
    };
  }
  for (const cell of executed.cells.filter(c => c.cell_type === 'code')) {
    cell.outputs = [];
    cell.execution_count = null;
    cell.metadata = { ...cell.metadata, mlnb: { status: 'not-run' } };
  }
  return { request, executed, values };
}

/** The parameters cell's literal values (names `%param` declares are recorded as they run). */
function cellDefaults(declared: Map<string, DeclaredParameter>): Record<string, unknown> {
  return Object.fromEntries(
    [...declared.values()]
      .filter(p => p.from === 'parameters-cell' && p.default !== undefined)
      .map(p => [p.name, p.default])
  );
}

/** declaredParameters, with TypeScript loaded from its code cache (a third of the time). */
function declaredWithCodeCache(notebook: Notebook): Map<string, DeclaredParameter> {
  const codeCache = loadTypescriptFromCodeCache();
  const declared = declaredParameters(notebook);
  codeCache?.save();
  return declared;
}

/** Resolves with the child's outcome once it reported the end of the run, or died. */
function executeInChild(
  child: ChildProcess,
  request: RunRequest,
  executed: Notebook,
  { timeoutSeconds, signal, observe }: HeadlessRunOptions
): Promise<ChildOutcome> {
  const started = (position: number) => {
    const cell = request.cells[position];
    if (cell && observe) {
      const total = request.cells.length;
      observe({ type: 'cell', index: cell.index, position, total, source: cell.source });
    }
  };
  return new Promise(resolve => {
    let runId: string | null = null;
    let done: { ok: boolean } | undefined;
    let failure: string | null = null;
    let running = request.cells[0]?.index;
    const outputs = new ExecutedOutputs(executed.cells);
    const timer =
      timeoutSeconds && timeoutSeconds > 0
        ? setTimeout(() => {
            failure = `timed out after ${timeoutSeconds} s`;
            child.kill('SIGKILL');
          }, timeoutSeconds * 1000)
        : undefined;
    let killed = false;
    const abort = () => {
      killed = true;
      failure = `killed: ${signal?.reason instanceof Error ? signal.reason.message : String(signal?.reason ?? 'stopped')}`;
      child.kill('SIGKILL');
    };
    if (signal?.aborted) {
      abort();
    }
    signal?.addEventListener('abort', abort, { once: true });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'started') {
        runId = message.runId;
        started(0);
      } else if (message.type === 'output') {
        outputs.apply(message.index, message.output);
        observe?.(message);
      } else if (message.type === 'epoch') {
        observe?.(message);
      } else if (message.type === 'cell') {
        const cell = executed.cells[message.index];
        cell.execution_count = message.executionCount;
        cell.metadata.mlnb = { status: message.ok ? 'ok' : 'error' };
        if (!message.ok) {
          const error = cell.outputs?.find(o => o.output_type === 'error');
          const detail = error && 'evalue' in error ? `${error.ename}: ${error.evalue}` : 'error';
          failure = `cell ${message.executionCount} failed: ${detail}`;
        }
        const next = request.cells.findIndex(c => c.index === message.index) + 1;
        running = request.cells[next]?.index;
        if (message.ok) {
          started(next);
        }
      } else if (message.type === 'done') {
        done = { ok: message.ok };
        if (message.error) {
          failure ??= `the runner failed: ${message.error.split('\n')[0]}`;
        }
        // Everything is reported: the caller records it while the child exits.
        resolve(outcome());
      }
    });
    child.on('exit', (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      if (!done && running !== undefined) {
        const reason = failure ?? `the runner process died (${exitSignal ?? `exit code ${code}`})`;
        failure = reason;
        const cell = executed.cells[running];
        const error: NotebookOutput = {
          output_type: 'error',
          ename: 'RunnerError',
          evalue: reason,
          traceback: [reason]
        };
        cell.outputs = [...(cell.outputs ?? []), error];
        cell.metadata.mlnb = { status: 'error' };
      }
      resolve(outcome());
    });
    const outcome = (): ChildOutcome => ({
      runId,
      ok: done?.ok ?? false,
      failure: done?.ok ? null : (failure ?? 'the run failed'),
      closedByChild: Boolean(done),
      killed
    });
    child.send(request);
  });
}
