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
} from './job-types';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

interface JobRow {
  id: string;
  name: string;
  notebook: string;
  parameters: string;
  schedule_cron: string | null;
  schedule_tz: string | null;
  enabled: number;
  retries: number;
  backoff_seconds: number;
  timeout_seconds: number | null;
  concurrency: JobRecord['concurrency'];
  starting_deadline_seconds: number;
  gates: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface AttemptRow {
  id: string;
  job_id: string;
  trigger: AttemptRecord['trigger'];
  slot: number;
  attempt: number;
  status: AttemptStatus;
  due_at: number | null;
  start_time: number | null;
  end_time: number | null;
  run_id: string | null;
  executed_notebook: string | null;
  gate_results: string;
  error: string | null;
  owner_id: string;
  owner_host: string;
  owner_pid: number;
  child_pid: number | null;
}

/** How each patchable attempt field is stored. */
const ATTEMPT_COLUMNS: Record<keyof AttemptPatch, [string, (value: unknown) => unknown]> = {
  status: ['status', v => v],
  startTime: ['start_time', v => v],
  endTime: ['end_time', v => v],
  runId: ['run_id', v => v],
  executedNotebook: ['executed_notebook', v => v],
  gateResults: ['gate_results', v => JSON.stringify(v)],
  error: ['error', v => v],
  childPid: ['child_pid', v => v]
};

function jobColumns(
  job: Omit<JobRecord, 'createdAt' | 'updatedAt' | 'id' | 'name' | 'notebook' | 'createdBy'>
) {
  return {
    parameters: JSON.stringify(job.parameters),
    schedule_cron: job.schedule?.cron ?? null,
    schedule_tz: job.schedule?.timezone ?? null,
    enabled: job.enabled ? 1 : 0,
    retries: job.retries.count,
    backoff_seconds: job.retries.backoffSeconds,
    timeout_seconds: job.timeoutSeconds,
    concurrency: job.concurrency,
    starting_deadline_seconds: job.startingDeadlineSeconds,
    gates: JSON.stringify(job.gates)
  };
}

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    notebook: JSON.parse(row.notebook),
    parameters: JSON.parse(row.parameters),
    schedule: row.schedule_cron ? { cron: row.schedule_cron, timezone: row.schedule_tz ?? 'UTC' } : null,
    enabled: row.enabled === 1,
    retries: { count: row.retries, backoffSeconds: row.backoff_seconds },
    timeoutSeconds: row.timeout_seconds,
    concurrency: row.concurrency,
    startingDeadlineSeconds: row.starting_deadline_seconds,
    gates: JSON.parse(row.gates),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!
  };
}

function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger,
    slot: iso(row.slot)!,
    attempt: row.attempt,
    status: row.status,
    dueAt: iso(row.due_at),
    startTime: iso(row.start_time),
    endTime: iso(row.end_time),
    durationMs: row.start_time !== null && row.end_time !== null ? row.end_time - row.start_time : null,
    runId: row.run_id,
    executedNotebook: row.executed_notebook,
    gateResults: JSON.parse(row.gate_results),
    error: row.error
  };
}

/** Jobs on SQLite; plain SQL that PostgreSQL understands too (ON CONFLICT DO NOTHING). */
export class SqliteJobStore implements JobStore {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.s = prepare(db);
  }

  async create(job: NewJob): Promise<void> {
    const inserted = this.s.insertJob.run({
      id: job.id,
      name: job.name,
      notebook: JSON.stringify(job.notebook),
      created_by: job.createdBy,
      created_at: job.createdAt,
      ...jobColumns(job)
    });
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
    this.s.insertAttempt.run({
      id: a.id,
      job_id: a.jobId,
      trigger: a.trigger,
      slot: a.slot,
      attempt: a.attempt,
      status: a.status,
      due_at: a.dueAt,
      start_time: a.startTime,
      end_time: a.endTime ?? null,
      error: a.error ?? null,
      owner_id: a.owner.id,
      owner_host: a.owner.host,
      owner_pid: a.owner.pid,
      created_at: Date.now()
    });
  }

  async updateAttempt(
    id: string,
    patch: AttemptPatch,
    ifStatus?: readonly AttemptStatus[]
  ): Promise<boolean> {
    const columns: Record<string, unknown> = {};
    for (const [field, [column, encode]] of Object.entries(ATTEMPT_COLUMNS)) {
      const value = patch[field as keyof AttemptPatch];
      if (value !== undefined) {
        columns[column] = encode(value);
      }
    }
    const names = Object.keys(columns);
    if (names.length === 0) {
      return false;
    }
    // Column names come from the fixed list above; statuses are bound parameters.
    const statuses = ifStatus ?? [];
    const guard = statuses.length ? ` AND status IN (${statuses.map((_, i) => `@s${i}`).join(', ')})` : '';
    const sql = `UPDATE job_attempts SET ${names.map(n => `${n} = @${n}`).join(', ')} WHERE id = @id${guard}`;
    const bound = Object.fromEntries(statuses.map((s, i) => [`s${i}`, s]));
    return this.db.prepare(sql).run({ ...columns, ...bound, id }).changes > 0;
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

function prepare(db: Database.Database) {
  return {
    insertJob: db.prepare(`INSERT INTO jobs (id, name, notebook, parameters, schedule_cron, schedule_tz,
        enabled, retries, backoff_seconds, timeout_seconds, concurrency, starting_deadline_seconds, gates,
        created_by, created_at, updated_at)
      VALUES (@id, @name, @notebook, @parameters, @schedule_cron, @schedule_tz, @enabled, @retries,
        @backoff_seconds, @timeout_seconds, @concurrency, @starting_deadline_seconds, @gates,
        @created_by, @created_at, @created_at)
      ON CONFLICT (name) DO NOTHING`),
    getJob: db.prepare(`SELECT * FROM jobs WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1`),
    listJobs: db.prepare(`SELECT * FROM jobs ORDER BY name`),
    updateJob: db.prepare(`UPDATE jobs SET parameters = @parameters, schedule_cron = @schedule_cron,
        schedule_tz = @schedule_tz, enabled = @enabled, retries = @retries,
        backoff_seconds = @backoff_seconds, timeout_seconds = @timeout_seconds,
        concurrency = @concurrency, starting_deadline_seconds = @starting_deadline_seconds,
        gates = @gates, updated_at = @updated_at
      WHERE id = @id`),
    deleteJob: db.prepare(`DELETE FROM jobs WHERE id = ?`),
    insertSlot: db.prepare(`INSERT INTO job_slots (job_id, slot, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (job_id, slot) DO NOTHING`),
    lastSlot: db.prepare(`SELECT max(slot) AS slot FROM job_slots WHERE job_id = ?`),
    insertAttempt: db.prepare(`INSERT INTO job_attempts (id, job_id, trigger, slot, attempt, status, due_at,
        start_time, end_time, error, owner_id, owner_host, owner_pid, created_at)
      VALUES (@id, @job_id, @trigger, @slot, @attempt, @status, @due_at, @start_time, @end_time, @error,
        @owner_id, @owner_host, @owner_pid, @created_at)`),
    getAttempt: db.prepare(`SELECT * FROM job_attempts WHERE id = ?`),
    history: db.prepare(`SELECT * FROM job_attempts WHERE job_id = ?
      ORDER BY created_at DESC, slot DESC, attempt DESC LIMIT ?`),
    activeAll: db.prepare(`SELECT * FROM job_attempts WHERE status IN ('waiting', 'running')
      ORDER BY created_at`),
    activeOf: db.prepare(`SELECT * FROM job_attempts WHERE job_id = ? AND status IN ('waiting', 'running')
      ORDER BY created_at`)
  };
}
