import type { Evaluation } from './evaluation';
import type { LiveMetric, ServingStatus } from '../../contracts';
import type { ModelStage, ModelSummary, ModelVersionRecord, StageChange } from './types';

/** The registry's statements, one text for both engines (SQLite's placeholders; pg numbers them). */
export const MODEL_SQL = {
  upsertModel: `INSERT INTO models (name, created_at, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at`,
  latestVersion: 'SELECT coalesce(max(version), 0) AS latest FROM model_versions WHERE model_name = ?',
  insertVersion: `INSERT INTO model_versions (model_name, version, run_id, artifact_path, sha256, bytes,
      evaluation, measure_passed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  list: `SELECT m.name, m.updated_at, max(v.version) AS latest, count(v.version) AS count,
        max(CASE WHEN v.stage = 'staging' THEN v.version END) AS staging,
        max(CASE WHEN v.stage = 'production' THEN v.version END) AS production
      FROM models m LEFT JOIN model_versions v ON v.model_name = m.name
      GROUP BY m.name ORDER BY m.updated_at DESC, m.name`,
  getModel: 'SELECT * FROM models WHERE name = ?',
  versions: 'SELECT * FROM model_versions WHERE model_name = ? ORDER BY version DESC',
  history: 'SELECT * FROM model_stage_history WHERE model_name = ? ORDER BY changed_at DESC, rowid DESC',
  versionByNumber: 'SELECT * FROM model_versions WHERE model_name = ? AND version = ?',
  versionByStage:
    'SELECT * FROM model_versions WHERE model_name = ? AND stage = ? ORDER BY version DESC LIMIT 1',
  changedSince: 'SELECT name, updated_at FROM models WHERE updated_at > ? ORDER BY updated_at',
  stageOf: 'SELECT stage FROM model_versions WHERE model_name = ? AND version = ?',
  setStage: 'UPDATE model_versions SET stage = ? WHERE model_name = ? AND version = ?',
  insertStageChange: `INSERT INTO model_stage_history (model_name, version, from_stage, to_stage, changed_by,
      changed_at, forced, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  holdersOf: 'SELECT version FROM model_versions WHERE model_name = ? AND stage = ? AND version != ?',
  touchModel: 'UPDATE models SET updated_at = ? WHERE name = ?',
  insertLiveMetric: `INSERT INTO model_live_metrics (model_name, version, key, value, count, at)
      VALUES (?, ?, ?, ?, ?, ?)`,
  liveMetrics: `SELECT * FROM model_live_metrics WHERE model_name = ? ORDER BY version, key, at, rowid`,
  upsertServer: `INSERT INTO model_servers (address, model_name, status, heartbeat_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (address) DO UPDATE SET model_name = excluded.model_name, status = excluded.status,
        heartbeat_at = excluded.heartbeat_at`,
  servers: `SELECT status FROM model_servers WHERE model_name = ? AND heartbeat_at >= ? ORDER BY address`,
  deleteServer: 'DELETE FROM model_servers WHERE address = ?'
};

export interface LiveMetricRow {
  version: number;
  key: string;
  value: number;
  count: number;
  at: number;
}

export function liveMetric(row: LiveMetricRow): LiveMetric {
  return {
    version: Number(row.version),
    key: row.key,
    value: Number(row.value),
    count: Number(row.count),
    at: iso(Number(row.at))
  };
}

export const servingStatus = (row: { status: string }): ServingStatus =>
  JSON.parse(row.status) as ServingStatus;

export interface VersionRow {
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

export interface HistoryRow {
  version: number;
  from_stage: ModelStage;
  to_stage: ModelStage;
  changed_by: string;
  changed_at: number;
  forced: number;
  reason: string;
}

export interface ModelRow {
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface SummaryRow {
  name: string;
  updated_at: number;
  latest: number | null;
  count: number;
  staging: number | null;
  production: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function versionRecord(row: VersionRow): ModelVersionRecord {
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

export function stageChange(row: HistoryRow): StageChange {
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

export function modelSummary(row: SummaryRow): ModelSummary {
  return {
    name: row.name,
    latestVersion: row.latest ?? 0,
    versionCount: row.count,
    staging: row.staging,
    production: row.production,
    updatedAt: iso(row.updated_at)
  };
}

export const modelDates = (row: ModelRow) => ({
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at)
});
