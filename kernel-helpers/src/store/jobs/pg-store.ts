import type { Pool } from 'pg';
import {
  attemptColumns,
  attemptUpdate,
  AttemptRow,
  jobColumns,
  JobRow,
  newJobColumns,
  toAttempt,
  toJob
} from './rows';
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
import { JOB_SQL as S } from './sql';
import { all, one, Queryable, run, transaction } from '../engine/pg-db';

/**
 * Jobs on PostgreSQL, with the statements of the SQLite engine. The scheduler's lease is the
 * job_slots row: its primary key (job, slot) lets exactly one INSERT … ON CONFLICT DO NOTHING win,
 * whatever the number of schedulers and hosts.
 */
export class PgJobStore implements JobStore {
  constructor(private readonly pool: Pool) {}

  async create(job: NewJob): Promise<void> {
    const inserted = await run(this.pool, S.insertJob, newJobColumns(job));
    if (inserted.changes === 0) {
      throw new JobExistsError(`A job named "${job.name}" exists already: choose another name.`);
    }
  }

  async get(idOrName: string): Promise<JobRecord | undefined> {
    const row = await one<JobRow>(this.pool, S.getJob, [idOrName, idOrName, idOrName]);
    return row && toJob(row);
  }

  async list(): Promise<JobRecord[]> {
    return (await all<JobRow>(this.pool, S.listJobs)).map(toJob);
  }

  async update(id: string, patch: JobPatch, at: number): Promise<JobRecord | undefined> {
    const current = await this.get(id);
    if (!current || current.id !== id) {
      return undefined;
    }
    await run(this.pool, S.updateJob, { id, updated_at: at, ...jobColumns({ ...current, ...patch }) });
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return (await run(this.pool, S.deleteJob, [id])).changes > 0;
  }

  async claimSlot(attempt: NewAttempt): Promise<boolean> {
    return transaction(this.pool, async db => {
      const taken = await run(db, S.insertSlot, [attempt.jobId, attempt.slot, attempt.owner.id, Date.now()]);
      if (taken.changes === 0) {
        return false;
      }
      await this.insertAttempt(db, attempt);
      return true;
    });
  }

  async lastSlot(jobId: string): Promise<number | null> {
    return (await one<{ slot: number | null }>(this.pool, S.lastSlot, [jobId]))!.slot;
  }

  async addAttempt(attempt: NewAttempt): Promise<void> {
    await this.insertAttempt(this.pool, attempt);
  }

  private async insertAttempt(db: Queryable, attempt: NewAttempt): Promise<void> {
    await run(db, S.insertAttempt, attemptColumns(attempt));
  }

  async updateAttempt(
    id: string,
    patch: AttemptPatch,
    ifStatus?: readonly AttemptStatus[]
  ): Promise<boolean> {
    const update = attemptUpdate(id, patch, ifStatus);
    return update ? (await run(this.pool, update.sql, update.params)).changes > 0 : false;
  }

  async getAttempt(id: string): Promise<AttemptRecord | undefined> {
    const row = await one<AttemptRow>(this.pool, S.getAttempt, [id]);
    return row && toAttempt(row);
  }

  async history(jobId: string, limit = 100): Promise<AttemptRecord[]> {
    return (await all<AttemptRow>(this.pool, S.history, [jobId, limit])).map(toAttempt);
  }

  async active(jobId?: string): Promise<ActiveAttempt[]> {
    const rows =
      jobId === undefined
        ? await all<AttemptRow>(this.pool, S.activeAll)
        : await all<AttemptRow>(this.pool, S.activeOf, [jobId]);
    return rows.map(row => ({
      ...toAttempt(row),
      owner: { id: row.owner_id, host: row.owner_host, pid: row.owner_pid },
      childPid: row.child_pid
    }));
  }
}
