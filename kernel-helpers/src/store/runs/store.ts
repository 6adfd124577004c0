import type { Driver } from '../engine/driver';
import { SqlEntityStore } from '../engine/entity-store';
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
import { decodeToken, pageOf, SEARCH_DIALECTS, searchSql } from './search-sql';
import { RUN_SQL as S } from './sql';
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

/** The runs, written once in SQL over either engine's driver. */
export class SqlRunStore extends SqlEntityStore implements RunStore {
  async create(r: NewRun): Promise<void> {
    // A new run's change time is its start time: no touch, but listeners are told.
    await this.notifying(tx => tx.run(S.insertRun, newRunColumns(r)));
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const columns = patchColumns(patch);
    const names = Object.keys(columns);
    if (names.length === 0) {
      return;
    }
    // Column names come from the fixed list in rows.ts, never from the caller.
    const sql = `UPDATE runs SET ${names.map(n => `${n} = @${n}`).join(', ')} WHERE id = @id`;
    await this.change(id, tx => tx.run(sql, { ...columns, id }));
  }

  async heartbeat(ids: string[], at: number): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    // Not a change a viewer needs to see: updated_at stays.
    const running = this.db.oneOf('id', ids);
    await this.db.run(`UPDATE runs SET heartbeat_at = ? WHERE ${running.sql} AND status = 'running'`, [
      at,
      ...running.params
    ]);
  }

  async startCell(id: string, cell: NewCell): Promise<void> {
    await this.change(id, tx => tx.run(S.insertCell, newCellColumns(id, cell)));
  }

  async finishCell(id: string, seq: number, result: CellResult): Promise<void> {
    await this.change(id, tx => tx.run(S.finishCell, cellResultColumns(id, seq, result)));
  }

  async logParams(id: string, params: Record<string, ParamValue>): Promise<void> {
    const rows = Object.entries(params).map(([name, param]) => [
      id,
      name,
      param.type,
      JSON.stringify(param.value),
      param.type === 'number' ? (param.value as number) : null
    ]);
    await this.change(id, tx => tx.runEach(S.upsertParam, rows));
  }

  logMetrics(id: string, points: MetricPoint[]): Promise<void> {
    if (points.length === 0) {
      return Promise.resolve();
    }
    const rows = points.map(p => [id, p.key, p.step, p.value, p.time]);
    return this.change(id, async tx => {
      if (tx.engine === 'postgres') {
        // One statement for a batch: a round trip per point would dominate over the network.
        await tx.run(
          S.insertMetricsPostgres,
          [0, 1, 2, 3, 4].map(i => rows.map(r => r[i]))
        );
      } else {
        await tx.runEach(S.insertMetric, rows);
      }
      await tx.runEach(
        S.upsertLatest,
        latestPerKey(points).map(p => [id, p.key, p.step, p.value, p.time])
      );
    });
  }

  async setTags(id: string, tags: Record<string, string>): Promise<void> {
    await this.change(id, tx =>
      tx.runEach(
        S.upsertTag,
        Object.entries(tags).map(([key, value]) => [id, key, value])
      )
    );
  }

  async addDataRef(id: string, ref: DataRef): Promise<void> {
    await this.change(id, tx => tx.run(S.insertDataRef, { run_id: id, ...ref }));
  }

  async addArtifact(id: string, artifact: ArtifactRecord): Promise<void> {
    await this.change(id, tx => tx.run(S.upsertArtifact, { run_id: id, ...artifact }));
  }

  /** Runs `write`, marks the run changed (live views pick it up) and tells listeners, in one transaction. */
  private change(id: string, write: (tx: Driver) => Promise<unknown>): Promise<void> {
    // Not async, nor is logMetrics: each layer of promises costs the kernel's metric flush a turn.
    return this.db.transaction(async tx => {
      await write(tx);
      await tx.run(S.touch, { at: Date.now(), id });
      await tx.notifyChanges();
    });
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row = await this.db.get<RunRow>(S.getRun, [id]);
    if (!row) {
      return undefined;
    }
    const [cells, params, metrics, dataRefs, artifacts, tags] = await Promise.all([
      this.db.all<CellRow>(S.cellsOf, [id]),
      this.db.all<ParamRow>(S.paramsOf, [id]),
      this.db.all<MetricRow>(S.metricsOf, [id]),
      this.db.all<DataRef>(S.dataRefsOf, [id]),
      this.db.all<ArtifactRecord>(S.artifactsOf, [id]),
      this.db.all<TagRow>(S.tagsOf, [id])
    ]);
    return runRecord(row, { cells, params, metrics, dataRefs, artifacts, tags });
  }

  async findIds(prefix: string, limit: number): Promise<string[]> {
    return this.idsStartingWith(S.idsWithPrefix, prefix, limit);
  }

  async list(query: { experiment?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const limit = query.limit ?? 100;
    const rows =
      query.experiment === undefined
        ? await this.db.all<RunRow>(S.listAll, [limit])
        : await this.db.all<RunRow>(S.listExperiment, [query.experiment, limit]);
    return this.summaries(rows);
  }

  async search(query: RunSearch): Promise<RunPage> {
    const token = query.pageToken
      ? decodeToken(query.pageToken)
      : { offset: 0, maxRowid: (await this.db.get<{ m: number }>(S.maxRowid))!.m };
    const statement = searchSql(query, token, SEARCH_DIALECTS[this.db.engine]);
    const page = pageOf(await this.db.all<RunRow>(statement.sql, statement.params as never), query, token);
    return { runs: await this.summaries(page.rows), nextPageToken: page.next };
  }

  async changedSince(after: number, limit = 500): Promise<{ id: string; updatedAt: number }[]> {
    return this.changesSince('id', S.changedSince, [after, limit]);
  }

  async delete(id: string): Promise<boolean> {
    // The tables that refer to runs cascade (foreign keys are on).
    return this.changedAny(S.deleteRun, [id]);
  }

  /** The latest metrics of a page in one query (one per run would cost a round trip each). */
  private async summaries(rows: RunRow[]): Promise<RunSummary[]> {
    if (rows.length === 0) {
      return [];
    }
    const page = this.db.oneOf('run_id', [...new Set(rows.map(r => r.id))]);
    const latest = await this.db.all<{ run_id: string; key: string; value: number }>(
      `SELECT run_id, key, value FROM run_latest_metrics WHERE ${page.sql} ORDER BY key`,
      page.params
    );
    const byRun = new Map<string, { key: string; value: number }[]>();
    for (const m of latest) {
      (byRun.get(m.run_id) ?? byRun.set(m.run_id, []).get(m.run_id)!).push(m);
    }
    return rows.map(row => runSummary(row, byRun.get(row.id) ?? []));
  }

  async reapDead(host: string, isAlive: (pid: number) => boolean, staleBefore: number): Promise<string[]> {
    // Immediate (SQLite) and locked (PostgreSQL): two processes reaping at once mark each run once.
    return this.locked(async tx => {
      const running = await tx.all<{ id: string; host: string; pid: number; heartbeat_at: number }>(
        `${S.running}${tx.claimRows}`
      );
      const dead = running.filter(r => (r.host === host ? !isAlive(r.pid) : r.heartbeat_at < staleBefore));
      for (const r of dead) {
        await tx.run(S.markKilled, { at: r.heartbeat_at, now: Date.now(), id: r.id });
        await tx.run(S.killCells, [r.id]);
      }
      if (dead.length > 0) {
        await tx.notifyChanges();
      }
      return dead.map(r => r.id);
    });
  }
}
