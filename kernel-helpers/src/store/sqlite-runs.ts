import type Database from 'better-sqlite3';
import type {
  ArtifactRecord,
  CellRecord,
  DataRef,
  MetricPoint,
  NewRun,
  ParamValue,
  RunPatch,
  RunPage,
  RunRecord,
  RunSearch,
  RunStore,
  RunSummary
} from './run-types';
import { searchRuns } from './sqlite-search';

const same = (value: unknown) => value;

/** How each patchable field is stored: its column and encoding. */
const PATCH_COLUMNS: Record<keyof RunPatch, [string, (value: unknown) => unknown]> = {
  experiment: ['experiment', same],
  name: ['name', same],
  status: ['status', same],
  endTime: ['end_time', same],
  code: ['code', value => JSON.stringify(value)],
  environment: ['environment', value => JSON.stringify(value)],
  notes: ['notes', same]
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

interface RunRow {
  id: string;
  experiment: string;
  name: string;
  status: RunRecord['status'];
  source: RunRecord['source'];
  job_id: string | null;
  user_name: string;
  host: string;
  pid: number;
  start_time: number;
  end_time: number | null;
  code: string;
  environment: string;
  notes: string;
}

interface CellRow {
  seq: number;
  cell_id: string | null;
  execution_count: number | null;
  source_sha256: string;
  source: string;
  start_time: number;
  duration_ms: number | null;
  status: CellRecord['status'];
  error: string | null;
}

/** Runs on SQLite. better-sqlite3 is synchronous; the async signatures serve other engines. */
export class SqliteRunStore implements RunStore {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepare(db);
  }

  async create(run: NewRun): Promise<void> {
    this.statements.insertRun.run({
      ...run,
      job_id: run.jobId,
      user_name: run.user,
      start_time: run.startTime,
      code: JSON.stringify(run.code),
      environment: JSON.stringify(run.environment)
    });
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const columns: Record<string, unknown> = {};
    for (const [field, [column, encode]] of Object.entries(PATCH_COLUMNS)) {
      const value = patch[field as keyof RunPatch];
      if (value !== undefined) {
        columns[column] = encode(value);
      }
    }
    const names = Object.keys(columns);
    if (names.length === 0) {
      return;
    }
    // Column names come from the fixed list above, never from the caller.
    const sql = `UPDATE runs SET ${names.map(n => `${n} = @${n}`).join(', ')} WHERE id = @id`;
    this.change(id, () => this.db.prepare(sql).run({ ...columns, id }));
  }

  async heartbeat(ids: string[], at: number): Promise<void> {
    // Not a change a viewer needs to see: updated_at stays.
    const beat = this.db.transaction(() => ids.forEach(id => this.statements.heartbeat.run(at, id)));
    beat();
  }

  async startCell(
    id: string,
    cell: Omit<CellRecord, 'durationMs' | 'status' | 'error' | 'startTime'> & { startTime: number }
  ): Promise<void> {
    this.change(id, () =>
      this.statements.insertCell.run({
        run_id: id,
        seq: cell.seq,
        cell_id: cell.cellId,
        execution_count: cell.executionCount,
        source_sha256: cell.sourceSha256,
        source: cell.source,
        start_time: cell.startTime
      })
    );
  }

  async finishCell(
    id: string,
    seq: number,
    result: { durationMs: number; status: 'ok' | 'error'; error: string | null }
  ): Promise<void> {
    this.change(id, () =>
      this.statements.finishCell.run({
        run_id: id,
        seq,
        duration_ms: result.durationMs,
        status: result.status,
        error: result.error
      })
    );
  }

  async logParams(id: string, params: Record<string, ParamValue>): Promise<void> {
    this.change(id, () => {
      for (const [name, param] of Object.entries(params)) {
        const num = param.type === 'number' ? (param.value as number) : null;
        this.statements.upsertParam.run(id, name, param.type, JSON.stringify(param.value), num);
      }
    });
  }

  async logMetrics(id: string, points: MetricPoint[]): Promise<void> {
    this.change(id, () => {
      for (const p of points) {
        this.statements.insertMetric.run(id, p.key, p.step, p.value, p.time);
        this.statements.upsertLatest.run(id, p.key, p.step, p.value, p.time);
      }
    });
  }

  async setTags(id: string, tags: Record<string, string>): Promise<void> {
    this.change(id, () => {
      for (const [key, value] of Object.entries(tags)) {
        this.statements.upsertTag.run(id, key, value);
      }
    });
  }

  async addDataRef(id: string, ref: DataRef): Promise<void> {
    this.change(id, () => this.statements.insertDataRef.run({ run_id: id, ...ref }));
  }

  async addArtifact(id: string, artifact: ArtifactRecord): Promise<void> {
    this.change(id, () => this.statements.upsertArtifact.run({ run_id: id, ...artifact }));
  }

  /** Runs `write` and marks the run changed, in one transaction (live views pick it up). */
  private change(id: string, write: () => unknown): void {
    this.db.transaction(() => {
      write();
      this.statements.touch.run(Date.now(), id);
    })();
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row = this.statements.getRun.get(id) as RunRow | undefined;
    if (!row) {
      return undefined;
    }
    const s = this.statements;
    const metrics: RunRecord['metrics'] = {};
    for (const m of s.metricsOf.all(id) as { key: string; step: number; value: number; time: number }[]) {
      (metrics[m.key] ??= []).push({ step: m.step, value: m.value, time: iso(m.time)! });
    }
    return {
      ...summaryFields(row),
      jobId: row.job_id,
      host: row.host,
      code: JSON.parse(row.code),
      environment: JSON.parse(row.environment),
      notes: row.notes,
      cells: (s.cellsOf.all(id) as CellRow[]).map(c => ({
        seq: c.seq,
        cellId: c.cell_id,
        executionCount: c.execution_count,
        sourceSha256: c.source_sha256,
        source: c.source,
        startTime: iso(c.start_time)!,
        durationMs: c.duration_ms,
        status: c.status,
        error: c.error
      })),
      params: Object.fromEntries(
        (s.paramsOf.all(id) as { name: string; type: ParamValue['type']; value: string }[]).map(p => [
          p.name,
          { type: p.type, value: JSON.parse(p.value) }
        ])
      ),
      metrics,
      dataRefs: (s.dataRefsOf.all(id) as DataRef[]).map(r => ({ ...r })),
      artifacts: s.artifactsOf.all(id) as ArtifactRecord[],
      tags: Object.fromEntries(
        (s.tagsOf.all(id) as { key: string; value: string }[]).map(t => [t.key, t.value])
      )
    };
  }

  async findIds(prefix: string, limit: number): Promise<string[]> {
    const rows = this.statements.idsWithPrefix.all(prefix.replace(/[%_]/g, ''), limit) as { id: string }[];
    return rows.map(r => r.id);
  }

  async list(query: { experiment?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const limit = query.limit ?? 100;
    const rows = (
      query.experiment === undefined
        ? this.statements.listAll.all(limit)
        : this.statements.listExperiment.all(query.experiment, limit)
    ) as RunRow[];
    return this.summaries(rows);
  }

  async search(query: RunSearch): Promise<RunPage> {
    return searchRuns<RunRow, RunSummary>(this.db, query, rows => this.summaries(rows));
  }

  async changedSince(after: number, limit = 500): Promise<{ id: string; updatedAt: number }[]> {
    return (this.statements.changedSince.all(after, limit) as { id: string; updated_at: number }[]).map(
      r => ({
        id: r.id,
        updatedAt: r.updated_at
      })
    );
  }

  async delete(id: string): Promise<boolean> {
    // The tables that refer to runs cascade (foreign keys are on).
    return this.statements.deleteRun.run(id).changes > 0;
  }

  private summaries(rows: RunRow[]): RunSummary[] {
    return rows.map(row => ({
      ...summaryFields(row),
      latestMetrics: Object.fromEntries(
        (this.statements.latestOf.all(row.id) as { key: string; value: number }[]).map(m => [m.key, m.value])
      )
    }));
  }

  async reapDead(host: string, isAlive: (pid: number) => boolean, staleBefore: number): Promise<string[]> {
    const reap = this.db.transaction(() => {
      const running = this.statements.running.all() as {
        id: string;
        host: string;
        pid: number;
        heartbeat_at: number;
      }[];
      const dead = running.filter(r => (r.host === host ? !isAlive(r.pid) : r.heartbeat_at < staleBefore));
      for (const run of dead) {
        this.statements.markKilled.run({ at: run.heartbeat_at, now: Date.now(), id: run.id });
        this.statements.killCells.run(run.id);
      }
      return dead.map(r => r.id);
    });
    return reap.immediate();
  }
}

function summaryFields(row: RunRow) {
  return {
    id: row.id,
    experiment: row.experiment,
    name: row.name,
    status: row.status,
    source: row.source,
    user: row.user_name,
    startTime: iso(row.start_time)!,
    endTime: iso(row.end_time)
  };
}

function prepare(db: Database.Database) {
  return {
    insertRun:
      db.prepare(`INSERT INTO runs (id, experiment, name, status, source, job_id, user_name, host, pid,
        start_time, heartbeat_at, updated_at, code, environment)
      VALUES (@id, @experiment, @name, 'running', @source, @job_id, @user_name, @host, @pid,
        @start_time, @start_time, @start_time, @code, @environment)`),
    heartbeat: db.prepare(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'`),
    insertCell:
      db.prepare(`INSERT INTO run_cells (run_id, seq, cell_id, execution_count, source_sha256, source,
        start_time, status) VALUES (@run_id, @seq, @cell_id, @execution_count, @source_sha256, @source, @start_time, 'running')`),
    finishCell: db.prepare(`UPDATE run_cells SET duration_ms = @duration_ms, status = @status, error = @error
      WHERE run_id = @run_id AND seq = @seq`),
    upsertParam: db.prepare(`INSERT INTO run_params (run_id, name, type, value, num) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (run_id, name) DO UPDATE SET type = excluded.type, value = excluded.value, num = excluded.num`),
    insertMetric: db.prepare(
      `INSERT INTO run_metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)`
    ),
    upsertLatest:
      db.prepare(`INSERT INTO run_latest_metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, value = excluded.value, time = excluded.time
      WHERE excluded.step >= run_latest_metrics.step`),
    upsertTag: db.prepare(`INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?)
      ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`),
    insertDataRef: db.prepare(`INSERT INTO run_data_refs (run_id, seq, uri, dataset, sha256, role, rows)
      VALUES (@run_id, (SELECT coalesce(max(seq), 0) + 1 FROM run_data_refs WHERE run_id = @run_id),
        @uri, @dataset, @sha256, @role, @rows)`),
    upsertArtifact: db.prepare(`INSERT INTO run_artifacts (run_id, path, kind, sha256, bytes)
      VALUES (@run_id, @path, @kind, @sha256, @bytes)
      ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, bytes = excluded.bytes`),
    getRun: db.prepare(`SELECT * FROM runs WHERE id = ?`),
    idsWithPrefix: db.prepare(`SELECT id FROM runs WHERE id LIKE ? || '%' ORDER BY id LIMIT ?`),
    cellsOf: db.prepare(`SELECT * FROM run_cells WHERE run_id = ? ORDER BY seq`),
    paramsOf: db.prepare(`SELECT name, type, value FROM run_params WHERE run_id = ? ORDER BY name`),
    metricsOf: db.prepare(
      `SELECT key, step, value, time FROM run_metrics WHERE run_id = ? ORDER BY key, step, rowid`
    ),
    latestOf: db.prepare(`SELECT key, value FROM run_latest_metrics WHERE run_id = ? ORDER BY key`),
    tagsOf: db.prepare(`SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key`),
    dataRefsOf: db.prepare(
      `SELECT uri, dataset, sha256, role, rows FROM run_data_refs WHERE run_id = ? ORDER BY seq`
    ),
    artifactsOf: db.prepare(
      `SELECT path, kind, sha256, bytes FROM run_artifacts WHERE run_id = ? ORDER BY path`
    ),
    listAll: db.prepare(`SELECT * FROM runs ORDER BY start_time DESC, id LIMIT ?`),
    listExperiment: db.prepare(
      `SELECT * FROM runs WHERE experiment = ? ORDER BY start_time DESC, id LIMIT ?`
    ),
    running: db.prepare(`SELECT id, host, pid, heartbeat_at FROM runs WHERE status = 'running'`),
    changedSince: db.prepare(
      `SELECT id, updated_at FROM runs WHERE updated_at > ? ORDER BY updated_at, id LIMIT ?`
    ),
    deleteRun: db.prepare(`DELETE FROM runs WHERE id = ?`),
    touch: db.prepare(`UPDATE runs SET updated_at = max(updated_at, ?) WHERE id = ?`),
    markKilled: db.prepare(
      `UPDATE runs SET status = 'killed', end_time = @at, updated_at = @now WHERE id = @id`
    ),
    killCells:
      db.prepare(`UPDATE run_cells SET status = 'error', error = 'the process died while the cell ran'
      WHERE run_id = ? AND status = 'running'`)
  };
}
