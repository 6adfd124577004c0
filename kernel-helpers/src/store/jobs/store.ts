import { SqlEntityStore } from '../engine/entity-store';
import {
  attemptColumns,
  attemptUpdate,
  AttemptRow,
  jobColumns,
  JobRow,
  newJobColumns,
  newVersionOf,
  toAttempt,
  toJob
} from './rows';
import { JOB_SQL as S } from './sql';
import {
  ActiveAttempt,
  AttemptPatch,
  AttemptRecord,
  AttemptStatus,
  JobExistsError,
  JobPatch,
  JobRecord,
  JobStore,
  NewAttempt,
  NewJob
} from './types';

/**
 * Jobs and their attempts, written once over either engine's driver. The scheduler's lease of a
 * slot is the job_slots row: its primary key (job, slot) lets exactly one INSERT … ON CONFLICT DO
 * NOTHING win, whatever the number of schedulers and hosts. A dataset version's lease is its
 * first attempt, unique by (job, dataset, version) in the same way.
 */
export class SqlJobStore extends SqlEntityStore implements JobStore {
  async create(job: NewJob): Promise<void> {
    const inserted = await this.db.run(S.insertJob, newJobColumns(job));
    if (inserted.changes === 0) {
      throw new JobExistsError(`A job named "${job.name}" exists already: choose another name.`);
    }
  }

  async get(idOrName: string): Promise<JobRecord | undefined> {
    const row = await this.db.get<JobRow>(S.getJob, [idOrName, idOrName, idOrName]);
    return row && toJob(row);
  }

  async list(): Promise<JobRecord[]> {
    return (await this.db.all<JobRow>(S.listJobs)).map(toJob);
  }

  async update(id: string, patch: JobPatch, at: number): Promise<JobRecord | undefined> {
    const current = await this.get(id);
    if (!current || current.id !== id) {
      return undefined;
    }
    await this.db.run(S.updateJob, { id, updated_at: at, ...jobColumns({ ...current, ...patch }) });
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.changedAny(S.deleteJob, [id]);
  }

  async claimSlot(attempt: NewAttempt): Promise<boolean> {
    if (attempt.newVersion) {
      return this.changedAny(S.claimVersion, attemptColumns(attempt));
    }
    return this.locked(async tx => {
      const taken = await tx.run(S.insertSlot, [attempt.jobId, attempt.slot, attempt.owner.id, Date.now()]);
      if (taken.changes === 0) {
        return false;
      }
      await tx.run(S.insertAttempt, attemptColumns(attempt));
      return true;
    });
  }

  async lastSlot(jobId: string): Promise<number | null> {
    return (await this.db.get<{ slot: number | null }>(S.lastSlot, [jobId]))!.slot;
  }

  async lastVersion(jobId: string, dataset: string): Promise<number | null> {
    const row = await this.db.get<{ version: number | null }>(S.lastVersion, [jobId, dataset]);
    return row!.version === null ? null : Number(row!.version);
  }

  async addAttempt(attempt: NewAttempt): Promise<void> {
    await this.db.run(S.insertAttempt, attemptColumns(attempt));
  }

  async updateAttempt(
    id: string,
    patch: AttemptPatch,
    ifStatus?: readonly AttemptStatus[]
  ): Promise<boolean> {
    const update = attemptUpdate(id, patch, ifStatus);
    return update ? this.changedAny(update.sql, update.params) : false;
  }

  async getAttempt(id: string): Promise<AttemptRecord | undefined> {
    const row = await this.db.get<AttemptRow>(S.getAttempt, [id]);
    return row && toAttempt(row);
  }

  async history(jobId: string, limit = 100): Promise<AttemptRecord[]> {
    return (await this.db.all<AttemptRow>(S.history, [jobId, limit])).map(toAttempt);
  }

  async active(jobId?: string): Promise<ActiveAttempt[]> {
    const rows =
      jobId === undefined
        ? await this.db.all<AttemptRow>(S.activeAll)
        : await this.db.all<AttemptRow>(S.activeOf, [jobId]);
    return rows.map(row => ({
      ...toAttempt(row),
      owner: { id: row.owner_id, host: row.owner_host, pid: row.owner_pid },
      childPid: row.child_pid,
      newVersion: newVersionOf(row)
    }));
  }
}
