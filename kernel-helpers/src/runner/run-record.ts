import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256File } from '../capture/files';
import { engineTags } from './engine-context';
import type { Notebook } from './notebook';
import { runParams } from './parameters';
import type { RecorderOptions } from '../capture/recorder-options';
import type { RunRequest } from './protocol';

/** How the child's run ended, as the parent saw it. */
export interface ChildOutcome {
  runId: string | null;
  ok: boolean;
  failure: string | null;
  /** The child finished the run record itself; otherwise the parent must close it. */
  closedByChild: boolean;
  /** Stopped on purpose (aborted), not failed by itself. */
  killed: boolean;
}

/**
 * The run's id, recording the run here when the child died before its run reached the store
 * (a timeout or a crash during start-up): every attempt must leave a tracked run behind.
 */
/**
 * What the recorder of a `mlnb run` takes from its request, whether the child records the run or
 * the parent does after a child that died early. `mlnb run` emits the lineage end itself, once the
 * run is settled (gates, the executed notebook).
 */
export function recorderOptionsOf(request: RunRequest): RecorderOptions {
  return {
    cwd: request.cwd,
    source: request.source,
    jobId: request.jobId,
    notebookPath: request.notebookPath,
    experiment: request.experiment,
    seed: request.seed,
    emitsLineageEnd: false
  };
}

export async function ensureRunRecord(request: RunRequest, outcome: ChildOutcome): Promise<string | null> {
  if (outcome.closedByChild) {
    return outcome.runId;
  }
  const { openStore } = await import('../store/engine/open');
  const store = await openStore({ cwd: request.cwd });
  try {
    if (outcome.runId && (await store.runs.get(outcome.runId))) {
      return outcome.runId;
    }
    const { RunRecorder } = await import('../capture/recorder');
    const recorder = new RunRecorder({ ...recorderOptionsOf(request), store, seedsMathRandom: false });
    const run = recorder.ensureRun(request.runName ?? undefined);
    const params = runParams(request.parametersCell, request.params);
    if (Object.keys(params).length > 0) {
      recorder.params(params);
    }
    await recorder.finish(outcome.killed ? 'killed' : 'failed');
    return run.id;
  } finally {
    await store.close();
  }
}

/** Keeps the executed notebook with the run and, when the child could not, closes the run. */
export async function recordOutcome(
  cwd: string,
  runId: string,
  executed: Notebook,
  name: string,
  outcome: ChildOutcome,
  jobId: string | null,
  extraTags: Record<string, string> = {}
): Promise<void> {
  const { openStore } = await import('../store/engine/open');
  const store = await openStore({ cwd });
  try {
    const relative = path.posix.join(runId, name.replace(/\.ipynb$/, '') + '.executed.ipynb');
    const file = path.join(store.artifactRoot, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(executed, null, 1) + '\n');
    await store.runs.addArtifact(runId, {
      path: relative,
      kind: 'notebook',
      sha256: await sha256File(file),
      bytes: fs.statSync(file).size
    });
    const tags = {
      ...engineTags(process.env, jobId),
      ...extraTags,
      ...(outcome.failure ? { 'mlnb.failure': outcome.failure } : {})
    };
    if (Object.keys(tags).length > 0) {
      await store.runs.setTags(runId, tags);
    }
    if (!outcome.closedByChild) {
      await store.runs.update(runId, { status: outcome.killed ? 'killed' : 'failed', endTime: Date.now() });
    }
  } finally {
    await store.close();
  }
}
