import type Database from 'better-sqlite3';
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
import { JOB_SQL } from './sql';
import { prepareAll } from '../engine/sqlite-statements';

/** Jobs on SQLite; plain SQL that PostgreSQL understands too (ON CONFLICT DO NOTHING). */
export class SqliteJobStore implements JobStore {
  private readonly s: ReturnType<typeof prepareAll<typeof JOB_SQL>>;

  constructor(private readonly db: Database.Database) {
    this.s = prepareAll(db, JOB_SQL);
  }

  async create(job: NewJob): Promise<void> {
    const inserted = this.s.insertJob.run(newJobColumns(job));
    if (inserted.changes === 0) {
      throw new JobExistsError(`A job named "${job.name}" exists already: choose another name.`);
    }
  }

  async get(idOrName: string): Promise<JobRecord | undefined> {
    const row = this.s.getJob.get(idOrName, idOrName, idOrName) as JobRow | undefined;
    return row && toJob(row);
  }

  async list(): Promise<JobRecord[]> {
    return (this.s.listJobs.all() as JobRow[]).map(toJob);
  }

  async update(id: string, patch: JobPatch, at: number): Promise<JobRecord | undefined> {
    const current = await this.get(id);
    if (!current || current.id !== id) {
      return undefined;
    }
    this.s.updateJob.run({ id, updated_at: at, ...jobColumns({ ...current, ...patch }) });
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.s.deleteJob.run(id).changes > 0;
  }

  async claimSlot(attempt: NewAttempt): Promise<boolean> {
    const claim = this.db.transaction(() => {
      const taken = this.s.insertSlot.run(attempt.jobId, attempt.slot, attempt.owner.id, Date.now());
      if (taken.changes === 0) {
        return false;
      }
      this.insertAttempt(attempt);
      return true;
    });
    return claim.immediate();
  }

  async lastSlot(jobId: string): Promise<number | null> {
    const row = this.s.lastSlot.get(jobId) as { slot: number | null };
    return row.slot;
  }

  async addAttempt(attempt: NewAttempt): Promise<void> {
    this.insertAttempt(attempt);
  }

  private insertAttempt(a: NewAttempt): void {
    this.s.insertAttempt.run(attemptColumns(a));
  }

  async updateAttempt(
    id: string,
    patch: AttemptPatch,
    ifStatus?: readonly AttemptStatus[]
  ): Promise<boolean> {
    const update = attemptUpdate(id, patch, ifStatus);
    return update ? this.db.prepare(update.sql).run(update.params).changes > 0 : false;
  }

  async getAttempt(id: string): Promise<AttemptRecord | undefined> {
    const row = this.s.getAttempt.get(id) as AttemptRow | undefined;
    return row && toAttempt(row);
  }

  async history(jobId: string, limit = 100): Promise<AttemptRecord[]> {
    return (this.s.history.all(jobId, limit) as AttemptRow[]).map(toAttempt);
  }

  async active(jobId?: string): Promise<ActiveAttempt[]> {
    const rows = (jobId === undefined ? this.s.activeAll.all() : this.s.activeOf.all(jobId)) as AttemptRow[];
    return rows.map(row => ({
      ...toAttempt(row),
      owner: { id: row.owner_id, host: row.owner_host, pid: row.owner_pid },
      childPid: row.child_pid
    }));
  }
}
