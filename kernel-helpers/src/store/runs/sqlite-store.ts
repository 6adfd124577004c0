import type Database from 'better-sqlite3';
import type {
  ArtifactRecord,
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
} from './types';
import {
  cellResultColumns,
  CellResult,
  CellRow,
  latestPerKey,
  newCellColumns,
  NewCell,
  newRunColumns,
  MetricRow,
  ParamRow,
  patchColumns,
  RunRow,
  runRecord,
  runSummary,
  TagRow
} from './rows';
import { RUN_SQL } from './sql';
import { searchRuns } from './sqlite-search';
import { prepareAll } from '../engine/sqlite-statements';

/** Runs on SQLite. better-sqlite3 is synchronous; the async signatures serve other engines. */
export class SqliteRunStore implements RunStore {
  private readonly statements: ReturnType<typeof prepareAll<typeof RUN_SQL>>;
  /** Runs a write and marks its run changed (see change); made once: making one costs more than a small write. */
  private readonly changeTransaction: (id: string, write: () => unknown) => void;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareAll(db, RUN_SQL);
    this.changeTransaction = db.transaction((id: string, write: () => unknown) => {
      write();
      this.statements.touch.run({ at: Date.now(), id });
    });
  }

  async create(run: NewRun): Promise<void> {
    this.statements.insertRun.run(newRunColumns(run));
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const columns = patchColumns(patch);
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

  async startCell(id: string, cell: NewCell): Promise<void> {
    this.change(id, () => this.statements.insertCell.run(newCellColumns(id, cell)));
  }

  async finishCell(id: string, seq: number, result: CellResult): Promise<void> {
    this.change(id, () => this.statements.finishCell.run(cellResultColumns(id, seq, result)));
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
      }
      for (const p of latestPerKey(points)) {
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
    this.changeTransaction(id, write);
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row = this.statements.getRun.get(id) as RunRow | undefined;
    if (!row) {
      return undefined;
    }
    const s = this.statements;
    return runRecord(row, {
      cells: s.cellsOf.all(id) as CellRow[],
      params: s.paramsOf.all(id) as ParamRow[],
      metrics: s.metricsOf.all(id) as MetricRow[],
      dataRefs: s.dataRefsOf.all(id) as DataRef[],
      artifacts: s.artifactsOf.all(id) as ArtifactRecord[],
      tags: s.tagsOf.all(id) as TagRow[]
    });
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
    return rows.map(row =>
      runSummary(row, this.statements.latestOf.all(row.id) as { key: string; value: number }[])
    );
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
