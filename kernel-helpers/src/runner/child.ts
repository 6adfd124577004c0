// Caches V8's compiled code of TypeScript and tslab between runs: start-up is most of a short run.
import 'v8-compile-cache';
// Before tslab: TypeScript itself comes from a fuller code cache than v8-compile-cache's.
import { typescriptCodeCache } from './preload-typescript';
import { format } from 'node:util';
import * as jupyter from 'tslab/dist/jupyter';
import { useRecorder } from '../api';
import { onFitEpoch } from '../capture/autolog-tfjs';
import { RunRecorder } from '../capture/recorder';
import { pinDatasetVersions } from '../catalog/resolve';
import { LazyConverters, MlnbExecutor } from '../kernel/executor';
import { MLNB_KERNELS } from '../kernel/kernels';
import { BUILTIN_MAGICS } from '../magics/builtin';
import { typescript } from '../typescript';
import { readDeclarationsWithoutDocs } from './doc-comments';
import { runParams } from './parameters';
import { recorderOptionsOf } from './run-record';
import { errorOutput } from './errors';
import type { OutputEvent } from './outputs';
import { StreamBuffer } from '../kernel/stream-buffer';
import type { DisplaySink } from '../display';
import type { ChildMessage, RunRequest } from './protocol';

/**
 * The runner's child process: executes one notebook's cells in order with the same executor as
 * the kernel (magics, capture), collects each cell's outputs as nbformat outputs and reports
 * them to the parent as they happen. Stops at the first failing cell, like papermill.
 */
async function runNotebook(request: RunRequest): Promise<void> {
  process.chdir(request.cwd);
  pinDatasetVersions(request.datasetVersions);
  // The cell running now: output that arrives late (a timer of an earlier cell) goes to it.
  let running = request.cells[0]?.index ?? 0;
  const emit = (output: OutputEvent) => void send({ type: 'output', index: running, output });
  // Printed text goes in few messages: a loop printing thousands of lines is one output anyway.
  const printed = new StreamBuffer((name, text) =>
    emit({ kind: 'stream', name: name as 'stdout' | 'stderr', text })
  );
  const write = (name: 'stdout' | 'stderr') => (chunk: string | Uint8Array) => {
    printed.write(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const line = (args: unknown[]) => format(...args) + '\n';
  const display: DisplaySink = (message, update) => {
    printed.flush();
    emit({
      kind: 'display',
      data: message.data,
      metadata: message.metadata ?? {},
      displayId: message.transient?.display_id ?? null,
      update: Boolean(update)
    });
  };
  display.clearOutput = wait => {
    printed.flush();
    emit({ kind: 'clear', wait });
  };
  (jupyter as { lastWriteDisplayData: unknown }).lastWriteDisplayData = display;
  onFitEpoch((epoch, epochs) => void send({ type: 'epoch', index: running, epoch, epochs }));

  const recorder = new RunRecorder(recorderOptionsOf(request));
  recorder.prepare();
  useRecorder(recorder, request.overrides);
  const run = recorder.ensureRun(request.runName ?? undefined);
  void send({ type: 'started', runId: run.id });
  const { name: kernel, savedKernel } = request.kernel;
  if (savedKernel !== kernel || kernel !== MLNB_KERNELS[0].name) {
    // Said in the run: a JavaScript run (re-runs need it), a notebook saved for another kernel (-k).
    recorder.tags({
      'mlnb.kernel': kernel,
      ...(savedKernel !== kernel ? { 'mlnb.saved_kernel': savedKernel ?? 'none' } : {})
    });
  }
  const params = runParams(request.parametersCell, request.params);
  if (Object.keys(params).length > 0) {
    recorder.params(params);
  }
  const errors: string[] = [];
  const executor = await MlnbExecutor.create({
    rootDir: request.cwd,
    magics: BUILTIN_MAGICS,
    recorder,
    converters,
    console: {
      log: (...args) => printed.write('stdout', line(args)),
      error: (...args) => errors.push(line(args))
    }
  });

  process.stdout.write = write('stdout') as typeof process.stdout.write;
  process.stderr.write = write('stderr') as typeof process.stderr.write;
  let ok = true;
  let count = 0;
  for (const cell of request.cells) {
    running = cell.index;
    errors.length = 0;
    executor.expectCell(cell.source, cell.cellId);
    ok = await executor.execute(cell.source);
    printed.flush();
    if (!ok) {
      const { ename, evalue, traceback } = errorOutput(errors.join(''));
      emit({ kind: 'error', ename, evalue, traceback });
    }
    void send({ type: 'cell', index: cell.index, executionCount: ++count, ok });
    if (!ok) {
      break;
    }
  }
  await recorder.finish(ok ? 'finished' : 'failed');
  await send({ type: 'done', ok });
  executor.close();
  // Now that this run compiled what a run needs, unless it came from the cache already.
  typescriptCodeCache?.save();
}

/** Sends to the parent; resolves once the message is handed to the channel. */
function send(message: ChildMessage): Promise<void> {
  return new Promise(resolve => (process.send ? process.send(message, () => resolve()) : resolve()));
}

// TypeScript's start-up (about 0.6 s) runs now, while the parent still checks the notebook and
// parameters; the parent starts us in the run's working folder, where the converter must live.
// Nothing here shows hover text or completions, so declarations are read without doc comments.
readDeclarationsWithoutDocs(typescript().sys);
// The parent passes the notebook's language: JavaScript cells need tslab's JavaScript mode.
const converters = new LazyConverters(process.argv[2] === 'javascript');
void converters.node;

// The parent is gone (killed, or crashed): nobody waits for this run; stop now.
process.once('disconnect', () => process.exit(1));
process.once('message', (request: RunRequest) => {
  runNotebook(request)
    .catch(error => send({ type: 'done', ok: false, error: String(error?.stack ?? error) }))
    .finally(() => {
      process.removeAllListeners('disconnect');
      process.disconnect?.();
      // The run ends with its last cell, as papermill shuts its kernel down then: a timer or
      // un-awaited work a cell left behind must not keep the run (and a job's slot) open forever.
      process.exit(0);
    });
});
