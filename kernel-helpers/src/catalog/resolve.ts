import { DatasetError, DatasetRecord, parseDatasetRef } from '../store/datasets/types';
import type { Store } from '../store/engine/store';

/** The record `name` or `name@version` names, or a DatasetError that says what exists. */
export async function resolveDataset(store: Store, ref: string): Promise<DatasetRecord> {
  const { name, version } = parseDatasetRef(ref);
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
