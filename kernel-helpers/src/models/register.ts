import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { digestDirectory } from '../capture/files';
import type { Evaluation } from '../evaluate/evaluation';
import { ModelError, parseModelRef, type ModelVersionRecord } from '../store/models/types';
import type { Store } from '../store/engine/store';
import { MODEL_JSON } from './layers-format';

/** A model kept with a run: `'<run id>/model'`, or `{ run: '<run id>', artifact: 'model' }`. */
export type RunArtifactRef = string | { run: string; artifact?: string };

/** The evaluation every `mlnb.evaluate` keeps with its run. */
const EVALUATION_FILE = 'evaluation.json';

/** The run and folder of a model kept with a run (a run id may be shortened to its first characters). */
export async function runModelFolder(
  store: Store,
  ref: RunArtifactRef
): Promise<{ runId: string; dir: string }> {
  const [given, artifact] =
    typeof ref === 'string'
      ? [ref.split('/')[0], ref.split('/').slice(1).join('/') || 'model']
      : [ref.run, ref.artifact ?? 'model'];
  const ids = given ? await store.runs.findIds(given, 2) : [];
  if (ids.length !== 1) {
    throw new ModelError(
      ids.length === 0
        ? `No run "${given}" to take a model from.`
        : `"${given}" names more than one run: give more of its id.`
    );
  }
  const run = (await store.runs.get(ids[0]))!;
  const recorded = run.artifacts.find(a => a.path === `${run.id}/${artifact}`);
  if (!recorded || recorded.kind !== 'model') {
    const models = run.artifacts.filter(a => a.kind === 'model').map(a => a.path);
    throw new ModelError(
      `Run ${run.id} has no model artifact "${artifact}"` +
        (models.length ? ` (it has ${models.join(', ')}).` : ' (it has none).')
    );
  }
  return { runId: run.id, dir: path.join(store.artifactRoot, recorded.path) };
}

/** The evaluation a run logged last (its evaluation.json), if any. */
export async function runEvaluation(store: Store, runId: string): Promise<Evaluation | null> {
  const file = path.join(store.artifactRoot, runId, EVALUATION_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Evaluation) : null;
}

/**
 * Registers the tfjs layers model in `source` (a folder) as the next version of `name`, tied
 * to `runId` and its evaluation. The registry keeps its own copy under `models/<name>/`,
 * named by content, so a later change of the run's files never changes a version.
 */
export async function registerModelFolder(
  store: Store,
  name: string,
  source: string,
  runId: string | null
): Promise<ModelVersionRecord> {
  parseModelRef(name); // the name alone must be valid
  if (name.includes('@')) {
    throw new ModelError(`Register under a plain name, not "${name}": the registry numbers the versions.`);
  }
  if (!fs.existsSync(path.join(source, MODEL_JSON))) {
    throw new ModelError(`${source} holds no ${MODEL_JSON}: it is not a tfjs layers model.`);
  }
  const { sha256, bytes } = await digestDirectory(source);
  const relative = path.posix.join('models', name, sha256.slice(0, 16));
  const target = path.join(store.artifactRoot, relative);
  if (!fs.existsSync(target)) {
    // Copied beside the target and renamed: a reader never sees a half-copied version.
    const partial = `${target}.partial-${process.pid}`;
    fs.cpSync(source, partial, { recursive: true });
    fs.renameSync(partial, target);
  }
  return store.models.register({
    name,
    runId,
    artifact: { path: relative, sha256, bytes },
    evaluation: runId ? await runEvaluation(store, runId) : null,
    createdBy: os.userInfo().username
  });
}
