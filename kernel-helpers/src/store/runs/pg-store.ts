import type { Pool } from 'pg';
import { all, NOTIFY_CHANGES, one, Queryable, run, transaction } from '../engine/pg-db';
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
import { decodeToken, pageOf, POSTGRES_SEARCH, searchSql } from './search-sql';
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
import { RUN_SQL as S } from './sql';

/** Runs on PostgreSQL: the same statements as on SQLite (runs-sql.ts), numbered for pg. */
export class PgRunStore implements RunStore {
  constructor(private readonly pool: Pool) {}

  async create(r: NewRun): Promise<void> {
    // As on SQLite, a new run's change time is its start time: no touch, but listeners are told.
    await transaction(this.pool, async db => {
      await run(db, S.insertRun, newRunColumns(r));
      await db.query(NOTIFY_CHANGES);
    });
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const columns = patchColumns(patch);
    const names = Object.keys(columns);
    if (names.length === 0) {
      return;
    }
    // Column names come from the fixed list in run-rows.ts, never from the caller.
    const sql = `UPDATE runs SET ${names.map(n => `${n} = @${n}`).join(', ')} WHERE id = @id`;
    await this.change(id, db => run(db, sql, { ...columns, id }));
  }

  async heartbeat(ids: string[], at: number): Promise<void> {
    // Not a change a viewer needs to see: updated_at stays.
    await run(this.pool, `UPDATE runs SET heartbeat_at = ? WHERE id = ANY(?) AND status = 'running'`, [
      at,
      ids as unknown as string
    ]);
  }

  async startCell(id: string, cell: NewCell): Promise<void> {
    await this.change(id, db => run(db, S.insertCell, newCellColumns(id, cell)));
  }

  async finishCell(id: string, seq: number, result: CellResult): Promise<void> {
    await this.change(id, db => run(db, S.finishCell, cellResultColumns(id, seq, result)));
  }

  async logParams(id: string, params: Record<string, ParamValue>): Promise<void> {
    await this.change(id, async db => {
      for (const [name, param] of Object.entries(params)) {
        const num = param.type === 'number' ? (param.value as number) : null;
        await run(db, S.upsertParam, [id, name, param.type, JSON.stringify(param.value), num]);
      }
    });
  }

  async logMetrics(id: string, points: MetricPoint[]): Promise<void> {
    if (points.length === 0) {
      return;
    }
    await this.change(id, async db => {
      // One statement for a batch: a round trip per point would dominate over the network.
      const rows = points.map(p => [id, p.key, p.step, p.value, p.time]);
      await db.query(
        `INSERT INTO run_metrics (run_id, key, step, value, time)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::bigint[])`,
        [0, 1, 2, 3, 4].map(i => rows.map(r => r[i]))
      );
      for (const p of latestPerKey(points)) {
        await run(db, S.upsertLatest, [id, p.key, p.step, p.value, p.time]);
      }
    });
  }

  async setTags(id: string, tags: Record<string, string>): Promise<void> {
    await this.change(id, async db => {
      for (const [key, value] of Object.entries(tags)) {
        await run(db, S.upsertTag, [id, key, value]);
      }
    });
  }

  async addDataRef(id: string, ref: DataRef): Promise<void> {
    await this.change(id, db => run(db, S.insertDataRef, { run_id: id, ...ref }));
  }

  async addArtifact(id: string, artifact: ArtifactRecord): Promise<void> {
    await this.change(id, db => run(db, S.upsertArtifact, { run_id: id, ...artifact }));
  }

  /** Runs `write`, marks the run changed and tells listeners, in one transaction. */
  private async change(id: string, write: (db: Queryable) => Promise<unknown>): Promise<void> {
    await transaction(this.pool, async db => {
      await write(db);
      await run(db, S.touch, { at: Date.now(), id });
      await db.query(NOTIFY_CHANGES);
    });
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row = await one<RunRow>(this.pool, S.getRun, [id]);
    if (!row) {
      return undefined;
    }
    const [cells, params, metrics, dataRefs, artifacts, tags] = await Promise.all([
      all<CellRow>(this.pool, S.cellsOf, [id]),
      all<ParamRow>(this.pool, S.paramsOf, [id]),
      all<MetricRow>(this.pool, S.metricsOf, [id]),
      all<DataRef>(this.pool, S.dataRefsOf, [id]),
      all<ArtifactRecord>(this.pool, S.artifactsOf, [id]),
      all<TagRow>(this.pool, S.tagsOf, [id])
    ]);
    return runRecord(row, { cells, params, metrics, dataRefs, artifacts, tags });
  }

  async findIds(prefix: string, limit: number): Promise<string[]> {
    const rows = await all<{ id: string }>(this.pool, S.idsWithPrefix, [prefix.replace(/[%_]/g, ''), limit]);
    return rows.map(r => r.id);
  }

  async list(query: { experiment?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const limit = query.limit ?? 100;
    const rows =
      query.experiment === undefined
        ? await all<RunRow>(this.pool, S.listAll, [limit])
        : await all<RunRow>(this.pool, S.listExperiment, [query.experiment, limit]);
    return this.summaries(rows);
  }

  async search(query: RunSearch): Promise<RunPage> {
    const token = query.pageToken
      ? decodeToken(query.pageToken)
      : {
          offset: 0,
          maxRowid: (await one<{ m: number }>(this.pool, 'SELECT coalesce(max(rowid), 0) AS m FROM runs'))!.m
        };
    const statement = searchSql(query, token, POSTGRES_SEARCH);
    const page = pageOf(await all<RunRow>(this.pool, statement.sql, statement.params as never), query, token);
    return { runs: await this.summaries(page.rows), nextPageToken: page.next };
  }

  async changedSince(after: number, limit = 500): Promise<{ id: string; updatedAt: number }[]> {
    const rows = await all<{ id: string; updated_at: number }>(this.pool, S.changedSince, [after, limit]);
    return rows.map(r => ({ id: r.id, updatedAt: r.updated_at }));
  }

  async delete(id: string): Promise<boolean> {
    return (await run(this.pool, S.deleteRun, [id])).changes > 0;
  }

  /** The latest metrics of a page in one query (one per run would cost a round trip each). */
  private async summaries(rows: RunRow[]): Promise<RunSummary[]> {
    if (rows.length === 0) {
      return [];
    }
    const latest = await all<{ run_id: string; key: string; value: number }>(
      this.pool,
      'SELECT run_id, key, value FROM run_latest_metrics WHERE run_id = ANY(?) ORDER BY key',
      [rows.map(r => r.id) as unknown as string]
    );
    const byRun = new Map<string, { key: string; value: number }[]>();
    for (const m of latest) {
      (byRun.get(m.run_id) ?? byRun.set(m.run_id, []).get(m.run_id)!).push(m);
    }
    return rows.map(row => runSummary(row, byRun.get(row.id) ?? []));
  }

  async reapDead(host: string, isAlive: (pid: number) => boolean, staleBefore: number): Promise<string[]> {
    return transaction(this.pool, async db => {
      // Locked, so two processes reaping at once mark each run once.
      const running = await all<{ id: string; host: string; pid: number; heartbeat_at: number }>(
        db,
        `${S.running} FOR UPDATE SKIP LOCKED`
      );
      const dead = running.filter(r => (r.host === host ? !isAlive(r.pid) : r.heartbeat_at < staleBefore));
      for (const r of dead) {
        await run(db, S.markKilled, { at: r.heartbeat_at, now: Date.now(), id: r.id });
        await run(db, S.killCells, [r.id]);
      }
      if (dead.length > 0) {
        await db.query(NOTIFY_CHANGES);
      }
      return dead.map(r => r.id);
    });
  }
}
