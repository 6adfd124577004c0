import type { Pool } from 'pg';
import {
  EXCLUSIVE_STAGES,
  ModelError,
  ModelRecord,
  ModelStage,
  ModelStore,
  ModelSummary,
  ModelVersionRecord,
  NewModelVersion,
  StageChange,
  StageMove
} from './types';
import {
  HistoryRow,
  MODEL_SQL as S,
  modelDates,
  ModelRow,
  modelSummary,
  stageChange,
  SummaryRow,
  versionRecord,
  VersionRow
} from './sql';
import { all, NOTIFY_CHANGES, one, run, transaction } from '../engine/pg-db';

/** Serializes writers of one model (SQLite's immediate transactions do it for the whole file). */
const LOCK_MODEL = 'SELECT name FROM models WHERE name = ? FOR UPDATE';

/** The registry on PostgreSQL, with the statements of the SQLite engine (models-sql.ts). */
export class PgModelStore implements ModelStore {
  constructor(private readonly pool: Pool) {}

  async register(input: NewModelVersion): Promise<ModelVersionRecord> {
    const now = Date.now();
    const version = await transaction(this.pool, async db => {
      // The upsert locks the model's row until commit: concurrent registrations number in turn.
      await run(db, S.upsertModel, [input.name, now, now]);
      const { latest } = (await one<{ latest: number }>(db, S.latestVersion, [input.name]))!;
      const measure = input.evaluation?.measure;
      await run(db, S.insertVersion, [
        input.name,
        latest + 1,
        input.runId,
        input.artifact.path,
        input.artifact.sha256,
        input.artifact.bytes,
        input.evaluation ? JSON.stringify(input.evaluation) : null,
        measure ? Number(measure.passed) : null,
        input.createdBy,
        now
      ]);
      await db.query(NOTIFY_CHANGES);
      return latest + 1;
    });
    return (await this.version(input.name, version))!;
  }

  async list(): Promise<ModelSummary[]> {
    return (await all<SummaryRow>(this.pool, S.list)).map(modelSummary);
  }

  async get(name: string): Promise<ModelRecord | null> {
    const model = await one<ModelRow>(this.pool, S.getModel, [name]);
    if (!model) {
      return null;
    }
    const versions = await all<VersionRow>(this.pool, S.versions, [name]);
    const history = await all<HistoryRow>(this.pool, S.history, [name]);
    return {
      name: model.name,
      description: model.description,
      ...modelDates(model),
      versions: versions.map(versionRecord),
      history: history.map(stageChange)
    };
  }

  async version(name: string, selector: number | ModelStage): Promise<ModelVersionRecord | null> {
    const row =
      typeof selector === 'number'
        ? await one<VersionRow>(this.pool, S.versionByNumber, [name, selector])
        : await one<VersionRow>(this.pool, S.versionByStage, [name, selector]);
    return row ? versionRecord(row) : null;
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    return all(this.pool, S.changedSince, [since]);
  }

  async setStage(name: string, version: number, move: StageMove): Promise<StageChange[]> {
    const now = Date.now();
    return transaction(this.pool, async db => {
      await run(db, LOCK_MODEL, [name]);
      const current = await one<{ stage: ModelStage }>(db, S.stageOf, [name, version]);
      if (!current) {
        throw new ModelError(`${name} has no version ${version}.`);
      }
      if (current.stage === move.stage) {
        return [];
      }
      const changes: StageChange[] = [];
      const record = async (v: number, from: ModelStage, to: ModelStage, forced: boolean, reason: string) => {
        await run(db, S.setStage, [to, name, v]);
        await run(db, S.insertStageChange, [name, v, from, to, move.by, now, Number(forced), reason]);
        changes.push({ version: v, from, to, by: move.by, at: new Date(now).toISOString(), forced, reason });
      };
      if (EXCLUSIVE_STAGES.includes(move.stage)) {
        for (const holder of await all<{ version: number }>(db, S.holdersOf, [name, move.stage, version])) {
          await record(holder.version, move.stage, 'archived', false, `replaced by version ${version}`);
        }
      }
      await record(version, current.stage, move.stage, move.forced ?? false, move.reason ?? '');
      await run(db, S.touchModel, [now, name]);
      await db.query(NOTIFY_CHANGES);
      return changes;
    });
  }
}
