/**
 * The run statements, one text for both engines (SQLite's placeholders; the PostgreSQL engine
 * numbers them). PostgreSQL has a `rowid` column where SQLite has its implicit one.
 */
export const RUN_SQL = {
  insertRun: `INSERT INTO runs (id, experiment, name, status, source, job_id, user_name, host, pid,
        start_time, heartbeat_at, updated_at, code, environment, seed)
      VALUES (@id, @experiment, @name, 'running', @source, @job_id, @user_name, @host, @pid,
        @start_time, @start_time, @start_time, @code, @environment, @seed)`,
  insertCell: `INSERT INTO run_cells (run_id, seq, cell_id, execution_count, source_sha256, source,
        start_time, status) VALUES (@run_id, @seq, @cell_id, @execution_count, @source_sha256, @source, @start_time, 'running')`,
  finishCell: `UPDATE run_cells SET duration_ms = @duration_ms, status = @status, error = @error
      WHERE run_id = @run_id AND seq = @seq`,
  upsertParam: `INSERT INTO run_params (run_id, name, type, value, num) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (run_id, name) DO UPDATE SET type = excluded.type, value = excluded.value, num = excluded.num`,
  insertMetric: `INSERT INTO run_metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)`,
  /** PostgreSQL only: a batch of points as one statement, one array per column. */
  insertMetricsPostgres: `INSERT INTO run_metrics (run_id, key, step, value, time)
      SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::float8[], ?::bigint[])`,
  upsertLatest: `INSERT INTO run_latest_metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, value = excluded.value, time = excluded.time
      WHERE excluded.step >= run_latest_metrics.step`,
  upsertTag: `INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?)
      ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`,
  insertDataRef: `INSERT INTO run_data_refs (run_id, seq, uri, dataset, sha256, role, rows)
      VALUES (@run_id, (SELECT coalesce(max(seq), 0) + 1 FROM run_data_refs WHERE run_id = @run_id),
        @uri, @dataset, @sha256, @role, @rows)`,
  upsertArtifact: `INSERT INTO run_artifacts (run_id, path, kind, sha256, bytes)
      VALUES (@run_id, @path, @kind, @sha256, @bytes)
      ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, bytes = excluded.bytes`,
  getRun: `SELECT * FROM runs WHERE id = ?`,
  maxRowid: `SELECT coalesce(max(rowid), 0) AS m FROM runs`,
  idsWithPrefix: `SELECT id FROM runs WHERE id LIKE ? || '%' ORDER BY id LIMIT ?`,
  cellsOf: `SELECT * FROM run_cells WHERE run_id = ? ORDER BY seq`,
  paramsOf: `SELECT name, type, value FROM run_params WHERE run_id = ? ORDER BY name`,
  metricsOf: `SELECT key, step, value, time FROM run_metrics WHERE run_id = ? ORDER BY key, step, rowid`,
  tagsOf: `SELECT key, value FROM run_tags WHERE run_id = ? ORDER BY key`,
  dataRefsOf: `SELECT uri, dataset, sha256, role, rows FROM run_data_refs WHERE run_id = ? ORDER BY seq`,
  artifactsOf: `SELECT path, kind, sha256, bytes FROM run_artifacts WHERE run_id = ? ORDER BY path`,
  listAll: `SELECT * FROM runs ORDER BY start_time DESC, id LIMIT ?`,
  listExperiment: `SELECT * FROM runs WHERE experiment = ? ORDER BY start_time DESC, id LIMIT ?`,
  running: `SELECT id, host, pid, heartbeat_at FROM runs WHERE status = 'running'`,
  changedSince: `SELECT id, updated_at FROM runs WHERE updated_at > ? ORDER BY updated_at, id LIMIT ?`,
  deleteRun: `DELETE FROM runs WHERE id = ?`,
  // A portable max(updated_at, now): SQLite's scalar max() is greatest() in PostgreSQL.
  touch: `UPDATE runs SET updated_at = CASE WHEN updated_at < @at THEN @at ELSE updated_at END WHERE id = @id`,
  markKilled: `UPDATE runs SET status = 'killed', end_time = @at, updated_at = @now WHERE id = @id`,
  killCells: `UPDATE run_cells SET status = 'error', error = 'the process died while the cell ran'
      WHERE run_id = ? AND status = 'running'`
};
