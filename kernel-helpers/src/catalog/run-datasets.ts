import type { Store } from '../store/engine/store';
import type { DatasetRecord } from '../store/datasets/types';
import type { RunRecord } from '../store/runs/types';

/** The catalog records of a run's `name@version` data refs, by ref (for lineage and exports). */
export async function runDatasets(store: Store, run: RunRecord): Promise<Map<string, DatasetRecord>> {
  const records = new Map<string, DatasetRecord>();
  for (const ref of run.dataRefs) {
    const match = ref.dataset ? /^(.+)@(\d+)$/.exec(ref.dataset) : null;
    const record = match ? await store.datasets.get(match[1], Number(match[2])) : null;
    if (record) {
      records.set(ref.dataset!, record);
    }
  }
  return records;
}
