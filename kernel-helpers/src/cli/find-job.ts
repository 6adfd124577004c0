import type { Store } from '../store/engine/store';
import type { JobRecord } from '../store/jobs/types';
import { UsageFailure } from './failure';

/** The job a command names (by name or id); an unknown one is bad input, exit code 2. */
export async function findJob(store: Store, given: string): Promise<JobRecord> {
  const job = await store.jobs.get(given);
  if (!job) {
    throw new UsageFailure(`no job named or with the id "${given}" in ${store.location.display}.`, 2);
  }
  return job;
}
