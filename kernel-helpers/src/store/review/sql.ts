/**
 * The review's statements, one text for both engines. Each removal's DELETE repeats the reason it
 * was found (no reader, no metric, still paused), so a concurrent writer makes it remove nothing.
 */
const READ_VERSION = `EXISTS (SELECT 1 FROM run_data_refs r WHERE r.role = 'input' AND r.dataset = ?)`;
const LOADED = `EXISTS (SELECT 1 FROM run_data_refs r WHERE r.role = 'input'
    AND (r.dataset = d.name OR substr(r.dataset, 1, length(d.name) + 1) = d.name || '@'))`;
const RUN_DEAD = `status != 'running'
    AND NOT EXISTS (SELECT 1 FROM run_latest_metrics m WHERE m.run_id = runs.id)
    AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.run_id = runs.id)
    AND NOT EXISTS (SELECT 1 FROM dataset_versions v WHERE v.produced_by = runs.id)`;

export const REVIEW_SQL = {
  neverLoaded: `SELECT d.name, d.created_at FROM datasets d WHERE d.created_at < ? AND NOT ${LOADED} ORDER BY d.name`,
  neverRead: `SELECT d.name, v.version FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
      WHERE v.created_at < ? AND v.version < d.latest_version AND ${LOADED}
        AND NOT EXISTS (SELECT 1 FROM run_data_refs r WHERE r.role = 'input'
          AND r.dataset = d.name || '@' || CAST(v.version AS TEXT))
      ORDER BY d.name, v.version`,
  jobs: `SELECT j.name, j.enabled, j.created_at, j.updated_at,
        (SELECT max(a.end_time) FROM job_attempts a WHERE a.job_id = j.id AND a.status = 'succeeded') AS last_success,
        (SELECT a.status FROM job_attempts a WHERE a.job_id = j.id AND a.end_time IS NOT NULL
           ORDER BY a.end_time DESC LIMIT 1) AS last_status
      FROM jobs j ORDER BY j.name`,
  neverPromoted: `SELECT v.model_name, v.version FROM model_versions v
      WHERE v.stage = 'none' AND v.created_at < ?
        AND NOT EXISTS (SELECT 1 FROM model_stage_history h WHERE h.model_name = v.model_name AND h.version = v.version)
      ORDER BY v.model_name, v.version`,
  withoutMetrics: `SELECT id, name, experiment FROM runs WHERE start_time < ? AND ${RUN_DEAD} ORDER BY start_time`,
  experiments: 'SELECT DISTINCT experiment FROM runs ORDER BY experiment',
  runIds: 'SELECT id FROM runs',
  jobIds: 'SELECT id FROM jobs',
  modelPaths: 'SELECT artifact_path FROM model_versions',
  insertReview:
    'INSERT INTO reviews (id, reviewed_at, reviewed_by, older_than_days, findings) VALUES (?, ?, ?, ?, ?)',
  insertRemoval:
    'INSERT INTO removals (id, kind, ref, reason, removed_by, removed_at) VALUES (?, ?, ?, ?, ?, ?)',
  removals: 'SELECT * FROM removals ORDER BY removed_at, id',
  datasetId: `SELECT id FROM datasets d WHERE name = ? AND NOT ${LOADED}`,
  deleteDatasetSearch: 'DELETE FROM dataset_search WHERE rowid = ?',
  deleteDataset: 'DELETE FROM datasets WHERE id = ?',
  deleteVersion: `DELETE FROM dataset_versions WHERE version = ? AND NOT ${READ_VERSION}
      AND dataset_id = (SELECT id FROM datasets WHERE name = ? AND latest_version > ?)`,
  deleteRun: `DELETE FROM runs WHERE id = ? AND start_time < ? AND ${RUN_DEAD}`,
  deleteJob: 'DELETE FROM jobs WHERE name = ? AND enabled = 0 AND updated_at < ?'
};
