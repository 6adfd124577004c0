import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRecord, CodeVersion } from '../store/runs/types';
import { findWorkspaceDir, STORE_DIR_NAME } from '../store/engine/locate';
import type { Store } from '../store/engine/store';
import { sha256, sha256File } from './files';
import type { captureGit, GitCapture } from './git';
import { gpus, type ActiveRun } from './run-opening';
import type { StoreWriter } from './store-writer';

/**
 * The experiment a notebook belongs to: its path relative to the workspace (the folder of .mlnb/).
 * A PostgreSQL store is shared by people whose checkouts lie in different places: the workspace
 * is then the notebook's own (the nearest folder with .mlnb/), so the names agree across machines.
 */
export function experimentOf(notebook: string | null, store: Store, cwd: string): string {
  const target = notebook ?? cwd;
  const storeDir = path.dirname(store.location.target);
  const workspace =
    store.location.engine === 'postgres'
      ? findWorkspaceDir(notebook ? path.dirname(notebook) : cwd)
      : path.basename(storeDir) === STORE_DIR_NAME
        ? path.dirname(storeDir)
        : undefined;
  if (workspace) {
    const relative = path.relative(workspace, target);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      return relative.split(path.sep).join('/') || path.basename(target);
    }
  }
  return target;
}

/**
 * The run's code version from a git capture and the notebook file; a dirty work tree's diff is
 * written under the artifact root and returned as the artifact to record.
 */
export async function codeVersion(options: {
  runId: string;
  experiment: string;
  notebook: string | null;
  git: GitCapture | null;
  store: Store;
}): Promise<{ code: CodeVersion; diff: ArtifactRecord | null }> {
  const { runId, experiment, notebook, git, store } = options;
  const notebookSha = notebook && fs.existsSync(notebook) ? await sha256File(notebook) : null;
  let diff: ArtifactRecord | null = null;
  if (git?.diff) {
    const relative = path.posix.join(runId, 'code.diff');
    const target = path.join(store.artifactRoot, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, git.diff);
    diff = { path: relative, kind: 'diff', sha256: sha256(git.diff), bytes: Buffer.byteLength(git.diff) };
  }
  return {
    code: {
      git: git ? { ...git.state, diffArtifact: diff?.path ?? null } : null,
      notebook: notebook ? { path: experiment, sha256: notebookSha } : null
    },
    diff
  };
}

/**
 * The parts of a run's record that take time (git, nvidia-smi, hashing the notebook), captured
 * beside its first cells: the code version (and its diff as an artifact) and the GPUs, queued on
 * the run's writer. A failure is a warning of the writer, never the user's error.
 */
export async function captureSlowParts(
  run: ActiveRun,
  sources: { git: ReturnType<typeof captureGit>; writer: StoreWriter; notebook: () => string | null }
): Promise<void> {
  const { writer, notebook } = sources;
  try {
    const [git, gpu] = await Promise.all([sources.git, gpus()]);
    run.git = git;
    // Queued after the run's creation, so run.experiment is known here.
    writer.enqueue(async store => {
      const { code, diff } = await codeVersion({
        runId: run.id,
        experiment: run.experiment,
        notebook: notebook(), // as of now: the notebook may have been renamed meanwhile
        git,
        store
      });
      if (diff) {
        await store.runs.addArtifact(run.id, diff);
      }
      run.environment = { ...run.environment, gpu };
      await store.runs.update(run.id, { code, environment: run.environment });
    });
  } catch (error) {
    writer.warnOnce(`could not capture the code version: ${(error as Error).message}`);
  }
}
