import { DatasetError, parseDatasetRef } from '../store/datasets/types';
import type { DriftSource } from '../jobs/gates';
import type { Store } from '../store/engine/store';
import { DatasetDiff, diffProfiles } from './diff';

export interface VersionDiff extends DatasetDiff {
  name: string;
  from: number;
  to: number;
}

async function profileOf(store: Store, name: string, version: number) {
  const profile = await store.datasets.profile(name, version);
  if (!profile) {
    const latest = await store.datasets.get(name);
    throw new DatasetError(
      latest
        ? `"${name}" has no version ${version}; its versions are ${latest.versions
            .map(v => v.version)
            .reverse()
            .join(', ')}.`
        : `No dataset named "${name}" in the catalog.`
    );
  }
  return profile;
}

/**
 * The statistics diff between `name@A` and `B` (a version number or `name@B`; the latest
 * version when omitted).
 */
export async function diffVersions(store: Store, fromRef: string, toRef?: string): Promise<VersionDiff> {
  const from = parseDatasetRef(fromRef);
  if (from.version === undefined) {
    throw new DatasetError(`Say which version to compare from: ${from.name}@1, for example.`);
  }
  let to: number;
  if (toRef === undefined || toRef === '') {
    const latest = await store.datasets.get(from.name);
    if (!latest) {
      throw new DatasetError(`No dataset named "${from.name}" in the catalog.`);
    }
    to = latest.version;
  } else if (/^\d+$/.test(toRef)) {
    to = Number(toRef);
  } else {
    const parsed = parseDatasetRef(toRef);
    if (parsed.name !== from.name || parsed.version === undefined) {
      throw new DatasetError(
        `Compare two versions of one dataset: ${from.name}@${from.version} ${from.name}@N.`
      );
    }
    to = parsed.version;
  }
  const diff = diffProfiles(
    await profileOf(store, from.name, from.version),
    await profileOf(store, from.name, to)
  );
  return { name: from.name, from: from.version, to, ...diff };
}

/** The largest PSI over the columns of `name@version` against `name@refVersion` (for data gates). */
export async function driftOf(
  store: Store,
  name: string,
  version: number,
  refVersion: number
): Promise<number> {
  return (await diffVersions(store, `${name}@${refVersion}`, String(version))).maxPsi;
}

/** The catalog as the scheduler's source of drift for data gates. */
export function catalogDrift(store: Store): DriftSource {
  return { drift: (dataset, version, refVersion) => driftOf(store, dataset, version, refVersion) };
}
