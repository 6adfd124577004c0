import { openStore } from '../../src/store/engine/open';
import type { NewRun, RunRecord } from '../../src/store/runs/types';
import { expectFollowsSchema } from './schemas';

/** Asserts that a record follows schemas/run.schema.json, showing the errors when not. */
export function expectValidRun(record: unknown): void {
  expectFollowsSchema('run', record);
}

/** A new run's record for `store.runs.create`: placeholders (a batch run of experiment "e") unless given. */
export function newRun(fields: Partial<NewRun> & { id: string }): NewRun {
  return {
    experiment: 'e',
    name: fields.id,
    source: 'batch',
    jobId: null,
    user: 'u',
    host: 'h',
    pid: process.pid,
    startTime: Date.now(),
    code: { git: null, notebook: null },
    environment: {} as never,
    ...fields
  };
}

/** Every run in the store at `target` (a file or a URL), newest first, as full records. */
export async function readRuns(target: string): Promise<RunRecord[]> {
  const store = await openStore({ env: { MLNB_STORE: target } });
  try {
    const list = await store.runs.list({ limit: 1000 });
    // Awaited here: the store closes in `finally`, and an async engine is still reading.
    return await Promise.all(list.map(async r => (await store.runs.get(r.id))!));
  } finally {
    await store.close();
  }
}
