import type Database from 'better-sqlite3';
import type { Evaluation } from '../evaluate/evaluation';
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
} from './model-types';

const iso = (ms: number): string => new Date(ms).toISOString();

interface VersionRow {
  model_name: string;
  version: number;
  run_id: string | null;
  artifact_path: string;
  sha256: string;
  bytes: number;
  evaluation: string | null;
  measure_passed: number | null;
  stage: ModelStage;
  created_by: string;
  created_at: number;
}

interface HistoryRow {
  version: number;
  from_stage: ModelStage;
  to_stage: ModelStage;
  changed_by: string;
  changed_at: number;
  forced: number;
  reason: string;
}

function versionRecord(row: VersionRow): ModelVersionRecord {
  return {
    name: row.model_name,
    version: row.version,
    stage: row.stage,
    runId: row.run_id,
    artifact: { path: row.artifact_path, sha256: row.sha256, bytes: row.bytes },
    evaluation: row.evaluation ? (JSON.parse(row.evaluation) as Evaluation) : null,
    measurePassed: row.measure_passed === null ? null : row.measure_passed === 1,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)
  };
}

function stageChange(row: HistoryRow): StageChange {
  return {
    version: row.version,
    from: row.from_stage,
    to: row.to_stage,
    by: row.changed_by,
    at: iso(row.changed_at),
    forced: row.forced === 1,
    reason: row.reason
  };
}

/** The registry in SQLite: a row per model, per version, and per stage change. */
export class SqliteModelStore implements ModelStore {
  constructor(private readonly db: Database.Database) {}

  async register(input: NewModelVersion): Promise<ModelVersionRecord> {
    const now = Date.now();
    const write = this.db.transaction((): number => {
      this.db
        .prepare(
          `INSERT INTO models (name, created_at, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at`
        )
        .run(input.name, now, now);
      const { latest } = this.db
        .prepare('SELECT coalesce(max(version), 0) AS latest FROM model_versions WHERE model_name = ?')
        .get(input.name) as { latest: number };
      const measure = input.evaluation?.measure;
      this.db
        .prepare(
          `INSERT INTO model_versions (model_name, version, run_id, artifact_path, sha256, bytes,
             evaluation, measure_passed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
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
    const rows = this.db
      .prepare(
        `SELECT m.name, m.updated_at, max(v.version) AS latest, count(v.version) AS count,
                max(CASE WHEN v.stage = 'staging' THEN v.version END) AS staging,
                max(CASE WHEN v.stage = 'production' THEN v.version END) AS production
           FROM models m LEFT JOIN model_versions v ON v.model_name = m.name
          GROUP BY m.name ORDER BY m.updated_at DESC, m.name`
      )
      .all() as {
      name: string;
      updated_at: number;
      latest: number | null;
      count: number;
      staging: number | null;
      production: number | null;
    }[];
    return rows.map(r => ({
      name: r.name,
      latestVersion: r.latest ?? 0,
      versionCount: r.count,
      staging: r.staging,
      production: r.production,
      updatedAt: iso(r.updated_at)
    }));
  }

  async get(name: string): Promise<ModelRecord | null> {
    const model = this.db.prepare('SELECT * FROM models WHERE name = ?').get(name) as
      { name: string; description: string; created_at: number; updated_at: number } | undefined;
    if (!model) {
      return null;
    }
    const versions = this.db
      .prepare('SELECT * FROM model_versions WHERE model_name = ? ORDER BY version DESC')
      .all(name) as VersionRow[];
    const history = this.db
      .prepare('SELECT * FROM model_stage_history WHERE model_name = ? ORDER BY changed_at DESC, rowid DESC')
      .all(name) as HistoryRow[];
    return {
      name: model.name,
      description: model.description,
      createdAt: iso(model.created_at),
      updatedAt: iso(model.updated_at),
      versions: versions.map(versionRecord),
      history: history.map(stageChange)
    };
  }

  async version(name: string, selector: number | ModelStage): Promise<ModelVersionRecord | null> {
    const row = (
      typeof selector === 'number'
        ? this.db
            .prepare('SELECT * FROM model_versions WHERE model_name = ? AND version = ?')
            .get(name, selector)
        : this.db
            .prepare(
              'SELECT * FROM model_versions WHERE model_name = ? AND stage = ? ORDER BY version DESC LIMIT 1'
            )
            .get(name, selector)
    ) as VersionRow | undefined;
    return row ? versionRecord(row) : null;
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    return this.db
      .prepare('SELECT name, updated_at AS updatedAt FROM models WHERE updated_at > ? ORDER BY updated_at')
      .all(since) as { name: string; updatedAt: number }[];
  }

  async setStage(name: string, version: number, move: StageMove): Promise<StageChange[]> {
    const now = Date.now();
    const write = this.db.transaction((): StageChange[] => {
      const current = this.db
        .prepare('SELECT stage FROM model_versions WHERE model_name = ? AND version = ?')
        .get(name, version) as { stage: ModelStage } | undefined;
      if (!current) {
        throw new ModelError(`${name} has no version ${version}.`);
      }
      if (current.stage === move.stage) {
        return [];
      }
      const changes: StageChange[] = [];
      const record = (v: number, from: ModelStage, to: ModelStage, forced: boolean, reason: string) => {
        this.db
          .prepare('UPDATE model_versions SET stage = ? WHERE model_name = ? AND version = ?')
          .run(to, name, v);
        this.db
          .prepare(
            `INSERT INTO model_stage_history (model_name, version, from_stage, to_stage, changed_by,
               changed_at, forced, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(name, v, from, to, move.by, now, Number(forced), reason);
        changes.push({ version: v, from, to, by: move.by, at: iso(now), forced, reason });
      };
      if (EXCLUSIVE_STAGES.includes(move.stage)) {
        const holders = this.db
          .prepare('SELECT version FROM model_versions WHERE model_name = ? AND stage = ? AND version != ?')
          .all(name, move.stage, version) as { version: number }[];
        for (const holder of holders) {
          record(holder.version, move.stage, 'archived', false, `replaced by version ${version}`);
        }
      }
      record(version, current.stage, move.stage, move.forced ?? false, move.reason ?? '');
      this.db.prepare('UPDATE models SET updated_at = ? WHERE name = ?').run(now, name);
      return changes;
    });
    return write.immediate();
  }
}
