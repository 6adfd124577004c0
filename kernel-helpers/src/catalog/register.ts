import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatOf, profileColumns, profileFile } from '../profile';
import { sha256OfFile } from '../profile/read-file';
import type { DatasetFormat } from '../profile/types';
import { DatasetError, parseDatasetRef, Registration } from '../store/datasets/types';
import type { Store } from '../store/engine/store';

export interface RegisterOptions {
  name: string;
  description?: string;
  tags?: string[];
  owner?: string;
  /** Who registers it (default: the OS user). */
  createdBy: string;
  /** The run registering it, when a notebook or job does. */
  producedBy?: string | null;
  format?: DatasetFormat;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Checks a dataset name before any work is done. */
export function checkName(name: string): string {
  const ref = parseDatasetRef(name);
  if (ref.version !== undefined) {
    throw new DatasetError(`Register under a name without a version ("${ref.name}"): mlnb numbers versions.`);
  }
  return ref.name;
}

/**
 * Profiles a file in one pass and stores it as a version of `name` (the same content twice is
 * the same version). The file stays where it is; its location and sha256 are recorded.
 */
export async function registerFile(
  store: Store,
  file: string,
  options: RegisterOptions
): Promise<Registration> {
  const name = checkName(options.name);
  const location = path.resolve(file);
  const format = options.format ?? formatOf(location);
  // Content the dataset already holds is that version: hashing (tens of ms) spares profiling (s).
  const known = await knownProfile(store, name, location);
  const profile = known ?? (await profileFile(location, { format, onProgress: options.onProgress }));
  return store.datasets.register({
    name,
    location,
    profile,
    createdBy: options.createdBy,
    producedBy: options.producedBy ?? null,
    description: options.description,
    tags: options.tags,
    owner: options.owner
  });
}

/** The stored profile of the version of `name` holding the file's content, if one does. */
async function knownProfile(store: Store, name: string, file: string) {
  if (!fs.existsSync(file) || !(await store.datasets.get(name))) {
    return null; // profiling says what is wrong with the file; a new name has no versions
  }
  const version = (await store.datasets.versionsWithContent(await sha256OfFile(file)))
    .map(ref => parseDatasetRef(ref))
    .find(ref => ref.name === name)?.version;
  return version === undefined ? null : store.datasets.profile(name, version);
}

/**
 * Registers in-memory columns (a DataFrame's): the data is written as CSV under the artifact
 * root, which becomes the version's location, so that it can be loaded again later.
 */
export async function registerColumns(
  store: Store,
  columns: Record<string, ArrayLike<unknown>>,
  csv: string,
  options: RegisterOptions
): Promise<Registration> {
  const name = checkName(options.name);
  const profile = profileColumns(columns);
  // The version is the file it is kept as: loading it checks that file's hash (verifyVersion).
  const sha256 = createHash('sha256').update(csv).digest('hex');
  const folder = path.join(store.artifactRoot, 'datasets', name);
  fs.mkdirSync(folder, { recursive: true });
  const location = path.join(folder, `${sha256.slice(0, 16)}.csv`);
  if (!fs.existsSync(location)) {
    // Written under a temporary name first: a crash never leaves a half file at `location`.
    const partial = `${location}.${process.pid}.partial`;
    fs.writeFileSync(partial, csv);
    fs.renameSync(partial, location);
  }
  return store.datasets.register({
    name,
    location,
    profile: { ...profile, sha256, bytes: Buffer.byteLength(csv) },
    createdBy: options.createdBy,
    producedBy: options.producedBy ?? null,
    description: options.description,
    tags: options.tags,
    owner: options.owner
  });
}
