import { rowidColumns } from './migrations-postgres';
import type { Migration } from './migrations';
import { JOB_ATTEMPTS_INDEXES, jobAttemptsTable } from './migration-tables';

/**
 * Steps 10 and on, the production features' tables: incidents and reviews (10), the PostgreSQL
 * search row's filters (11), pipelines (12), served models' live metrics and servers (13), the
 * lease of a pipeline run (14), a job's data trigger (15).
 * Appended to MIGRATIONS in migrations.ts; the rules there hold (never edit a released step).
 */
export const LATER_STEPS: readonly Migration[] = [
  {
    version: 10,
    name: 'incidents with their notes; reviews of what is dead and what gc removed',
    sql: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('dataset', 'run', 'model', 'job')),
        target_ref TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        opened_by TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        resolved_by TEXT,
        resolved_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX incidents_by_status ON incidents (status, opened_at);
      CREATE INDEX incidents_by_update ON incidents (updated_at);
      CREATE TABLE incident_notes (
        incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (incident_id, seq)
      );
      CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        reviewed_at INTEGER NOT NULL,
        reviewed_by TEXT NOT NULL,
        older_than_days REAL NOT NULL,
        findings TEXT NOT NULL
      );
      CREATE INDEX reviews_by_time ON reviews (reviewed_at);
      CREATE TABLE removals (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        reason TEXT NOT NULL,
        removed_by TEXT NOT NULL,
        removed_at INTEGER NOT NULL
      );
      CREATE INDEX removals_by_time ON removals (removed_at);
    `
  },
  {
    version: 11,
    name: 'datasets: on PostgreSQL, the search row carries the filters (format, owner, tags) so a filtered search is one scan',
    // SQLite's FTS5 search joins its filter tables fast enough and is left as it is.
    sql: '',
    // Filtered through joins, a search probed the filter tables once per match (60-80 ms at 10k
    // datasets); on the search row, the filters are checked in the same scan as the words.
    postgres: () => `
      ALTER TABLE dataset_search
        ADD COLUMN format TEXT NOT NULL DEFAULT '',
        ADD COLUMN owner TEXT NOT NULL DEFAULT '',
        ADD COLUMN tags TEXT[] NOT NULL DEFAULT '{}';
      UPDATE dataset_search s
         SET format = v.format, owner = d.owner,
             tags = ARRAY(SELECT t.tag FROM dataset_tags t WHERE t.dataset_id = d.id ORDER BY t.tag)
        FROM datasets d
        JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.latest_version
       WHERE d.id = s.rowid;
    `
  },
  {
    version: 12,
    name: 'pipelines: steps (each a job) with their edges, pipeline runs (parents) and their step runs',
    sql: `
      CREATE TABLE pipelines (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        schedule_cron TEXT,
        schedule_tz TEXT,
        trigger_dataset TEXT,
        debounce_seconds REAL,
        enabled INTEGER NOT NULL,
        max_parallel INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE pipeline_steps (
        pipeline_id TEXT NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        job_id TEXT NOT NULL,
        notebook TEXT NOT NULL,
        depends_on TEXT NOT NULL,
        loads TEXT NOT NULL,
        registers TEXT NOT NULL,
        PRIMARY KEY (pipeline_id, name)
      );
      CREATE INDEX pipeline_steps_by_job ON pipeline_steps (job_id);
      CREATE TABLE pipeline_runs (
        id TEXT PRIMARY KEY,
        pipeline_id TEXT NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'dataset')),
        slot INTEGER NOT NULL,
        inputs TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        start_time INTEGER NOT NULL,
        end_time INTEGER,
        UNIQUE (pipeline_id, trigger, slot)
      );
      CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline_id, start_time);
      CREATE TABLE pipeline_step_runs (
        pipeline_run_id TEXT NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'stopped')),
        attempt_id TEXT,
        run_id TEXT,
        outputs TEXT NOT NULL DEFAULT '{}',
        error TEXT,
        start_time INTEGER,
        end_time INTEGER,
        PRIMARY KEY (pipeline_run_id, step)
      );
    `
  },
  {
    version: 13,
    name: 'models: the live metric series of a served version (from feedback) and the running model servers',
    sql: `
      CREATE TABLE model_live_metrics (
        model_name TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        key TEXT NOT NULL,
        value REAL NOT NULL,
        count INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX model_live_metrics_by_version ON model_live_metrics (model_name, version, key, at);
      CREATE TABLE model_servers (
        address TEXT PRIMARY KEY,
        model_name TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        status TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
      CREATE INDEX model_servers_by_model ON model_servers (model_name, heartbeat_at);
    `,
    // The series' order within one millisecond is SQLite's implicit rowid.
    postgres: rowidColumns('model_live_metrics')
  },
  {
    version: 14,
    name: 'pipelines: the lease of a run (its runner process, until when it holds) and why a run failed',
    // A run from before the lease has lease_until 0: if still "running", its runner is gone.
    sql: `
      ALTER TABLE pipeline_runs ADD COLUMN runner_host TEXT;
      ALTER TABLE pipeline_runs ADD COLUMN runner_pid INTEGER;
      ALTER TABLE pipeline_runs ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pipeline_runs ADD COLUMN error TEXT;
      CREATE INDEX pipeline_runs_by_status ON pipeline_runs (status);
    `
  },
  {
    version: 15,
    name: "jobs: a data trigger (a dataset's new versions) and the version an attempt loads, whose first attempt is its lease",
    // job_attempts is rebuilt: SQLite cannot change its trigger CHECK in place (PostgreSQL runs the
    // same). One first attempt per version (NULLs differ: other triggers' attempts never clash).
    sql: `
      ALTER TABLE jobs ADD COLUMN trigger_dataset TEXT;
      ALTER TABLE jobs ADD COLUMN debounce_seconds REAL;
      ${jobAttemptsTable(
        'job_attempts_next',
        ['schedule', 'manual', 'dataset'],
        ['trigger_dataset TEXT', 'trigger_version INTEGER']
      )}
      INSERT INTO job_attempts_next (id, job_id, trigger, slot, attempt, status, due_at, start_time,
          end_time, run_id, executed_notebook, gate_results, error, owner_id, owner_host, owner_pid,
          child_pid, created_at)
        SELECT id, job_id, trigger, slot, attempt, status, due_at, start_time, end_time, run_id,
          executed_notebook, gate_results, error, owner_id, owner_host, owner_pid, child_pid, created_at
        FROM job_attempts;
      DROP TABLE job_attempts;
      ALTER TABLE job_attempts_next RENAME TO job_attempts;
      ${JOB_ATTEMPTS_INDEXES}
      CREATE UNIQUE INDEX job_attempts_one_per_version
        ON job_attempts (job_id, trigger_dataset, trigger_version) WHERE attempt = 1;
    `
  }
];
