import type { AttemptOwner, JobStore } from '../store/jobs/types';

/**
 * Attempts whose scheduler process died on this host (another owner, same host, pid gone):
 * failed, with the reason, each change told to `changed`.
 */
export async function failOrphanedAttempts(
  jobs: JobStore,
  self: AttemptOwner,
  alive: (pid: number) => boolean,
  now: number,
  changed: (jobId: string) => void
): Promise<void> {
  for (const attempt of await jobs.active()) {
    const { owner } = attempt;
    if (owner.id === self.id || owner.host !== self.host || alive(owner.pid)) {
      continue;
    }
    const error =
      attempt.status === 'waiting'
        ? `the scheduler (pid ${owner.pid}) stopped before this retry was due`
        : `the scheduler (pid ${owner.pid}) stopped while this attempt ran`;
    if (await jobs.updateAttempt(attempt.id, { status: 'failed', endTime: now, error }, [attempt.status])) {
      changed(attempt.jobId);
    }
  }
}
