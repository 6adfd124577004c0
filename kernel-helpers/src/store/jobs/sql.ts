const INSERT_ATTEMPT = `INSERT INTO job_attempts (id, job_id, trigger, slot, attempt, status, due_at,
        start_time, end_time, error, owner_id, owner_host, owner_pid, created_at, trigger_dataset,
        trigger_version)
      VALUES (@id, @job_id, @trigger, @slot, @attempt, @status, @due_at, @start_time, @end_time, @error,
        @owner_id, @owner_host, @owner_pid, @created_at, @trigger_dataset, @trigger_version)`;

/** The job statements, one text for both engines (SQLite's placeholders; pg numbers them). */
export const JOB_SQL = {
  insertJob: `INSERT INTO jobs (id, name, notebook, parameters, schedule_cron, schedule_tz,
        trigger_dataset, debounce_seconds, enabled, retries, backoff_seconds, timeout_seconds,
        concurrency, starting_deadline_seconds, gates, engine, notify, created_by, created_at, updated_at)
      VALUES (@id, @name, @notebook, @parameters, @schedule_cron, @schedule_tz, @trigger_dataset,
        @debounce_seconds, @enabled, @retries,
        @backoff_seconds, @timeout_seconds, @concurrency, @starting_deadline_seconds, @gates,
        @engine, @notify, @created_by, @created_at, @created_at)
      ON CONFLICT (name) DO NOTHING`,
  getJob: `SELECT * FROM jobs WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1`,
  // A pipeline's steps are jobs too, shown with their pipeline, not as jobs of their own.
  listJobs: `SELECT * FROM jobs WHERE id NOT IN (SELECT job_id FROM pipeline_steps) ORDER BY name`,
  updateJob: `UPDATE jobs SET parameters = @parameters, schedule_cron = @schedule_cron,
        schedule_tz = @schedule_tz, trigger_dataset = @trigger_dataset,
        debounce_seconds = @debounce_seconds, enabled = @enabled, retries = @retries,
        backoff_seconds = @backoff_seconds, timeout_seconds = @timeout_seconds,
        concurrency = @concurrency, starting_deadline_seconds = @starting_deadline_seconds,
        gates = @gates, engine = @engine, notify = @notify, updated_at = @updated_at
      WHERE id = @id`,
  deleteJob: `DELETE FROM jobs WHERE id = ?`,
  insertSlot: `INSERT INTO job_slots (job_id, slot, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (job_id, slot) DO NOTHING`,
  lastSlot: `SELECT max(slot) AS slot FROM job_slots WHERE job_id = ?`,
  lastVersion: `SELECT max(trigger_version) AS version FROM job_attempts
      WHERE job_id = ? AND trigger_dataset = ?`,
  insertAttempt: INSERT_ATTEMPT,
  // A version's first attempt is its lease (unique by job, dataset and version).
  claimVersion: `${INSERT_ATTEMPT} ON CONFLICT DO NOTHING`,
  getAttempt: `SELECT * FROM job_attempts WHERE id = ?`,
  history: `SELECT * FROM job_attempts WHERE job_id = ?
      ORDER BY created_at DESC, slot DESC, attempt DESC LIMIT ?`,
  activeAll: `SELECT * FROM job_attempts WHERE status IN ('waiting', 'running')
      ORDER BY created_at`,
  activeOf: `SELECT * FROM job_attempts WHERE job_id = ? AND status IN ('waiting', 'running')
      ORDER BY created_at`
};
