import * as path from 'node:path';
import { digestDirectory } from '../capture/files';
import { ModelError, parseModelRef, type ModelVersionRecord } from '../store/models/types';
import type { Store } from '../store/engine/store';

/**
 * The version a reference names: `name@3`, `name@production`, or `name` (its latest version).
 * Unknown models, versions and empty stages are a ModelError that says what there is.
 */
export async function resolveModelVersion(store: Store, ref: string): Promise<ModelVersionRecord> {
  const { name, version, stage } = parseModelRef(ref);
  const model = await store.models.get(name);
  if (!model) {
    const known = (await store.models.list()).map(m => m.name);
    throw new ModelError(
      `No model "${name}" in the registry` +
        (known.length ? ` (models: ${known.join(', ')}).` : ' (it is empty).')
    );
  }
  const found =
    version !== undefined
      ? model.versions.find(v => v.version === version)
      : stage !== undefined
        ? model.versions.find(v => v.stage === stage)
        : model.versions[0];
  if (!found) {
    const have = model.versions.map(v => `${v.version} (${v.stage})`).join(', ');
    throw new ModelError(
      `${name} has no version ${version !== undefined ? version : `in ${stage}`}; its versions: ${have}.`
    );
  }
  return found;
}

/** The folder of a version's files, checked to hold what was registered (same sha256). */
export async function verifiedModelDir(store: Store, version: ModelVersionRecord): Promise<string> {
  const dir = path.resolve(store.artifactRoot, version.artifact.path);
  let digest: { sha256: string };
  try {
    digest = await digestDirectory(dir);
  } catch {
    throw new ModelError(`The files of ${version.name}@${version.version} are missing from ${dir}.`);
  }
  if (digest.sha256 !== version.artifact.sha256) {
    throw new ModelError(
      `The files of ${version.name}@${version.version} in ${dir} changed since it was registered ` +
        `(sha256 ${digest.sha256.slice(0, 12)}…, registered ${version.artifact.sha256.slice(0, 12)}…).`
    );
  }
  return dir;
}
