import { DatasetError, DatasetRecord, parseDatasetRef } from '../store/datasets/types';
import type { Store } from '../store/engine/store';

/** The version a bare `name` means in this process, when not the latest (a reproduction's). */
const pinnedVersions = new Map<string, number>();

/**
 * Makes a bare `name` mean `name@version` from now on: a reproduction loads the versions its
 * run loaded, not the ones registered since.
 */
export function pinDatasetVersions(versions: Record<string, number>): void {
  for (const [name, version] of Object.entries(versions)) {
    pinnedVersions.set(name, version);
  }
}

/** The record `name` or `name@version` names, or a DatasetError that says what exists. */
export async function resolveDataset(store: Store, ref: string): Promise<DatasetRecord> {
  const parsed = parseDatasetRef(ref);
  const { name } = parsed;
  const version = parsed.version ?? pinnedVersions.get(name);
  const record = await store.datasets.get(name, version);
  if (record) {
    return record;
  }
  const latest = version === undefined ? null : await store.datasets.get(name);
  if (latest) {
    const known = latest.versions.map(v => v.version).sort((a, b) => a - b);
    throw new DatasetError(`"${name}" has no version ${version}; its versions are ${known.join(', ')}.`);
  }
  throw new DatasetError(`No dataset named "${name}" in the catalog (mlnb datasets search lists them).`);
}
