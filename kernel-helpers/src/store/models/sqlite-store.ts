import type Database from 'better-sqlite3';
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
import { prepareAll } from '../engine/sqlite-statements';

/**
 * The registry in SQLite: a row per model, per version, and per stage change, with the
 * statements both engines share (models-sql.ts). Writes are immediate transactions, so a version
 * number or a stage is never decided from a stale read.
 */
export class SqliteModelStore implements ModelStore {
  private readonly statements: ReturnType<typeof prepareAll<typeof S>>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareAll(db, S);
  }

  async register(input: NewModelVersion): Promise<ModelVersionRecord> {
    const now = Date.now();
    const write = this.db.transaction((): number => {
      this.statements.upsertModel.run(input.name, now, now);
      const { latest } = this.statements.latestVersion.get(input.name) as { latest: number };
      const measure = input.evaluation?.measure;
      this.statements.insertVersion.run(
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
      );
      return latest + 1;
    });
    const version = write.immediate();
    return (await this.version(input.name, version))!;
  }

  async list(): Promise<ModelSummary[]> {
    return (this.statements.list.all() as SummaryRow[]).map(modelSummary);
  }

  async get(name: string): Promise<ModelRecord | null> {
    const model = this.statements.getModel.get(name) as ModelRow | undefined;
    if (!model) {
      return null;
    }
    const versions = this.statements.versions.all(name) as VersionRow[];
    const history = this.statements.history.all(name) as HistoryRow[];
    return {
      name: model.name,
      description: model.description,
      ...modelDates(model),
      versions: versions.map(versionRecord),
      history: history.map(stageChange)
    };
  }

  async version(name: string, selector: number | ModelStage): Promise<ModelVersionRecord | null> {
    const row = (
      typeof selector === 'number'
        ? this.statements.versionByNumber.get(name, selector)
        : this.statements.versionByStage.get(name, selector)
    ) as VersionRow | undefined;
    return row ? versionRecord(row) : null;
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    return this.statements.changedSince.all(since) as { name: string; updatedAt: number }[];
  }

  async setStage(name: string, version: number, move: StageMove): Promise<StageChange[]> {
    const now = Date.now();
    const write = this.db.transaction((): StageChange[] => {
      const current = this.statements.stageOf.get(name, version) as { stage: ModelStage } | undefined;
      if (!current) {
        throw new ModelError(`${name} has no version ${version}.`);
      }
      if (current.stage === move.stage) {
        return [];
      }
      const changes: StageChange[] = [];
      const record = (v: number, from: ModelStage, to: ModelStage, forced: boolean, reason: string) => {
        this.statements.setStage.run(to, name, v);
        this.statements.insertStageChange.run(name, v, from, to, move.by, now, Number(forced), reason);
        changes.push({ version: v, from, to, by: move.by, at: new Date(now).toISOString(), forced, reason });
      };
      if (EXCLUSIVE_STAGES.includes(move.stage)) {
        const holders = this.statements.holdersOf.all(name, move.stage, version) as { version: number }[];
        for (const holder of holders) {
          record(holder.version, move.stage, 'archived', false, `replaced by version ${version}`);
        }
      }
      record(version, current.stage, move.stage, move.forced ?? false, move.reason ?? '');
      this.statements.touchModel.run(now, name);
      return changes;
    });
    return write.immediate();
  }
}
