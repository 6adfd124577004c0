import * as fs from 'node:fs';
import * as path from 'node:path';
import { digestDirectory, sha256File } from '../capture/files';
import { captureGit } from '../capture/git';
import type { Store } from '../store/engine/store';
import type { DataRef, RunRecord } from '../store/runs/types';

/** Bad input for a reproduction: said before anything ran, and nothing recorded changed. */
export class ReproduceError extends Error {}

export interface DataCheck {
  uri: string;
  dataset: string | null;
  sha256: string;
}

export interface CodeCheck {
  /** The commit the run recorded, and the one the notebook's work tree is at now. */
  recordedCommit: string | null;
  currentCommit: string | null;
  recordedDirty: boolean | null;
  currentDirty: boolean | null;
  /** The notebook file's sha256 as recorded and as it is now (null: not recorded, or gone). */
  recordedNotebook: string | null;
  currentNotebook: string | null;
}

const short = (sha: string) => `${sha.slice(0, 12)}…`;

/**
 * Refuses what cannot be reproduced — a run still running, a run without captured cells, an
 * input whose content changed or is gone — before anything runs. Returns the inputs checked.
 */
export async function checkReproducible(store: Store, run: RunRecord): Promise<DataCheck[]> {
  const id = run.id.slice(0, 8);
  if (run.status === 'running') {
    throw new ReproduceError(`run ${id} is still running: reproduce it once it has ended.`);
  }
  if (!run.cells.some(cell => cell.status === 'ok')) {
    throw new ReproduceError(
      `run ${id} has no captured cells to execute (was it run with %capture off?): nothing to reproduce.`
    );
  }
  const checked: DataCheck[] = [];
  for (const ref of run.dataRefs) {
    // Outputs are what the run wrote; a model from the registry is checked by its own load.
    if (ref.role !== 'input' || !ref.sha256 || !path.isAbsolute(ref.uri)) {
      continue;
    }
    const now = await contentHash(ref.uri);
    if (now !== ref.sha256) {
      throw new ReproduceError(await changedInput(store, run, ref, now));
    }
    checked.push({ uri: ref.uri, dataset: ref.dataset, sha256: ref.sha256 });
  }
  return checked;
}

async function contentHash(file: string): Promise<string | null> {
  if (!fs.existsSync(file)) {
    return null;
  }
  return fs.statSync(file).isDirectory() ? (await digestDirectory(file)).sha256 : sha256File(file);
}

/** Why an input refuses the reproduction, naming a catalog version that still holds its content. */
async function changedInput(store: Store, run: RunRecord, ref: DataRef, now: string | null): Promise<string> {
  const name = path.basename(ref.uri);
  const what =
    now === null
      ? `${name} is gone since run ${run.id.slice(0, 8)} read it (${ref.uri})`
      : `${name} changed since run ${run.id.slice(0, 8)}: sha256 ${short(now)} ≠ recorded ${short(ref.sha256!)}`;
  const holder = await catalogVersionHolding(store, ref.sha256!);
  return holder
    ? `${what}; the catalog still holds that content as ${holder.ref} (${holder.location}): put it back at ${ref.uri} to reproduce with it.`
    : `${what}; no catalog version holds that content: restore the file to reproduce.`;
}

/** A catalog version whose file still has `sha256` as its content. */
async function catalogVersionHolding(
  store: Store,
  sha256: string
): Promise<{ ref: string; location: string } | null> {
  for (const ref of await store.datasets.versionsWithContent(sha256)) {
    const [name, version] = [ref.slice(0, ref.lastIndexOf('@')), Number(ref.slice(ref.lastIndexOf('@') + 1))];
    const record = await store.datasets.get(name, version);
    if (record && (await contentHash(record.location)) === sha256) {
      return { ref, location: record.location };
    }
  }
  return null;
}

/** The recorded code version against the work tree now: information only (the recorded cells run). */
export async function checkCode(run: RunRecord, notebook: string | null): Promise<CodeCheck> {
  const git = notebook ? await captureGit(path.dirname(notebook)) : null;
  return {
    recordedCommit: run.code.git?.commit ?? null,
    currentCommit: git?.state.commit ?? null,
    recordedDirty: run.code.git?.dirty ?? null,
    currentDirty: git?.state.dirty ?? null,
    recordedNotebook: run.code.notebook?.sha256 ?? null,
    currentNotebook: notebook && fs.existsSync(notebook) ? await sha256File(notebook) : null
  };
}
