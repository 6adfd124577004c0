/** The pipeline statements, one text for both engines (SQLite's placeholders; pg numbers them). */
export const PIPELINE_SQL = {
  insertPipeline: `INSERT INTO pipelines (id, name, schedule_cron, schedule_tz, trigger_dataset,
        debounce_seconds, enabled, max_parallel, created_by, created_at, updated_at)
      VALUES (@id, @name, @schedule_cron, @schedule_tz, @trigger_dataset, @debounce_seconds, @enabled,
        @max_parallel, @created_by, @created_at, @created_at)
      ON CONFLICT (name) DO NOTHING`,
  insertStep: `INSERT INTO pipeline_steps (pipeline_id, name, position, job_id, notebook, depends_on, loads, registers)
      VALUES (@pipeline_id, @name, @position, @job_id, @notebook, @depends_on, @loads, @registers)`,
  getPipeline: `SELECT * FROM pipelines WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1`,
  listPipelines: `SELECT * FROM pipelines ORDER BY name`,
  stepsOf: `SELECT * FROM pipeline_steps WHERE pipeline_id = ? ORDER BY position`,
  stepJobIds: `SELECT job_id FROM pipeline_steps`,
  updatePipeline: `UPDATE pipelines SET enabled = @enabled, schedule_cron = @schedule_cron,
        schedule_tz = @schedule_tz, updated_at = @updated_at WHERE id = @id`,
  deletePipeline: `DELETE FROM pipelines WHERE id = ?`,
  insertRun: `INSERT INTO pipeline_runs (id, pipeline_id, trigger, slot, inputs, status, start_time,
        runner_host, runner_pid, lease_until)
      VALUES (@id, @pipeline_id, @trigger, @slot, @inputs, 'running', @start_time,
        @runner_host, @runner_pid, @lease_until)
      ON CONFLICT (pipeline_id, trigger, slot) DO NOTHING`,
  insertStepRun: `INSERT INTO pipeline_step_runs (pipeline_run_id, step, position, status)
      VALUES (?, ?, ?, 'pending')`,
  lastSlot: `SELECT max(slot) AS slot FROM pipeline_runs WHERE pipeline_id = ? AND trigger = ?`,
  getRun: `SELECT * FROM pipeline_runs WHERE id = ?`,
  runsOf: `SELECT * FROM pipeline_runs WHERE pipeline_id = ? ORDER BY start_time DESC, id DESC LIMIT ?`,
  stepRunsOf: `SELECT * FROM pipeline_step_runs WHERE pipeline_run_id = ? ORDER BY position`,
  finishRun: `UPDATE pipeline_runs SET status = ?, end_time = ? WHERE id = ?`,
  renewLease: `UPDATE pipeline_runs SET lease_until = @lease_until
      WHERE id = @id AND status = 'running' AND runner_host = @runner_host AND runner_pid = @runner_pid`,
  takeOver: `UPDATE pipeline_runs SET status = 'running', error = NULL, end_time = NULL,
        runner_host = @runner_host, runner_pid = @runner_pid, lease_until = @lease_until
      WHERE id = @id AND status <> 'running'`,
  runningRuns: `SELECT * FROM pipeline_runs WHERE status = 'running'`,
  runningOf: `SELECT 1 AS running FROM pipeline_runs WHERE pipeline_id = ? AND status = 'running' LIMIT 1`,
  failRun: `UPDATE pipeline_runs SET status = 'failed', error = ?, end_time = ? WHERE id = ? AND status = 'running'`,
  failRunningSteps: `UPDATE pipeline_step_runs SET status = 'failed', error = ?, end_time = ?
      WHERE pipeline_run_id = ? AND status = 'running'`,
  stopPendingSteps: `UPDATE pipeline_step_runs SET status = 'stopped', error = ?
      WHERE pipeline_run_id = ? AND status = 'pending'`
};
