import { postgresTypes, replacing, rowidColumns } from './migrations-postgres';
import { LATER_STEPS } from './migrations-later';
import { JOB_ATTEMPTS_INDEXES, jobAttemptsTable } from './migration-tables';

/**
 * The store's schema, one numbered step at a time. A step is never edited once released:
 * change the schema by appending a step. Each engine applies the steps it has not yet applied,
 * inside one transaction, and records them in `schema_migrations`.
 *
 * `sql` is what SQLite runs, exactly as released. PostgreSQL runs the same text with its types
 * translated (`postgresTypes`); a step whose SQL says something PostgreSQL cannot (FTS5, a
 * scalar max, an implicit rowid) adds `postgres`, which rewrites that translated text.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  postgres?: (translated: string) => string;
}

/** The SQL PostgreSQL runs for a step. */
export function postgresSql(step: Migration): string {
  const translated = postgresTypes(step.sql);
  return step.postgres ? step.postgres(translated) : translated;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'store metadata',
    sql: `
      CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `
  },
  {
    version: 2,
    name: 'runs: cells, params, metrics, tags, data refs, artifacts',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        experiment TEXT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'killed')),
        source TEXT NOT NULL CHECK (source IN ('interactive', 'batch', 'job')),
        job_id TEXT,
        user_name TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER,
        heartbeat_at INTEGER NOT NULL,
        code TEXT NOT NULL,
        environment TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX runs_by_start ON runs (start_time DESC);
      CREATE INDEX runs_by_experiment ON runs (experiment, start_time DESC);
      CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
      CREATE TABLE run_cells (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        cell_id TEXT,
        execution_count INTEGER,
        source_sha256 TEXT NOT NULL,
        source TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        duration_ms REAL,
        status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'error')),
        error TEXT,
        PRIMARY KEY (run_id, seq)
      );
      CREATE TABLE run_params (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      );
      CREATE TABLE run_metrics (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        value REAL NOT NULL,
        time INTEGER NOT NULL
      );
      CREATE INDEX run_metrics_series ON run_metrics (run_id, key, step);
      CREATE TABLE run_latest_metrics (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        value REAL NOT NULL,
        time INTEGER NOT NULL,
        PRIMARY KEY (run_id, key)
      );
      CREATE TABLE run_tags (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      );
      CREATE TABLE run_data_refs (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        uri TEXT NOT NULL,
        dataset TEXT,
        sha256 TEXT,
        role TEXT NOT NULL CHECK (role IN ('input', 'output')),
        rows INTEGER,
        PRIMARY KEY (run_id, seq)
      );
      CREATE TABLE run_artifacts (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (run_id, path)
      );
    `,
    // SQLite's implicit rowid orders runs (page tokens) and points logged at one step.
    postgres: sql => `${rowidColumns('runs', 'run_metrics')(sql)}
      CREATE UNIQUE INDEX runs_by_rowid ON runs (rowid);`
  },
  {
    version: 3,
    name: 'runs: last change time, for live views and change events',
    sql: `
      ALTER TABLE runs ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
      UPDATE runs SET updated_at = max(start_time, coalesce(end_time, 0), heartbeat_at);
      CREATE INDEX runs_by_update ON runs (updated_at);
    `,
    postgres: replacing(
      'max(start_time, coalesce(end_time, 0), heartbeat_at)',
      'greatest(start_time, coalesce(end_time, 0), heartbeat_at)'
    )
  },
  {
    version: 4,
    name: 'search indexes: metrics, params (numeric column), tags, start time with id',
    sql: `
      ALTER TABLE run_params ADD COLUMN num REAL;
      UPDATE run_params SET num = CAST(value AS REAL) WHERE type = 'number';
      CREATE INDEX run_params_by_number ON run_params (name, num, run_id);
      CREATE INDEX run_params_by_value ON run_params (name, value, run_id);
      CREATE INDEX run_latest_by_value ON run_latest_metrics (key, value, run_id);
      CREATE INDEX run_tags_by_value ON run_tags (key, value, run_id);
      DROP INDEX runs_by_start;
      CREATE INDEX runs_by_start ON runs (start_time, id);
      CREATE INDEX runs_by_name ON runs (name, id);
    `
  },
  {
    version: 5,
    name: 'dataset catalog: datasets, versions with profiles, notes, full-text search',
    sql: `
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        column_notes TEXT NOT NULL DEFAULT '{}',
        latest_version INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX datasets_by_update ON datasets (updated_at);
      CREATE INDEX datasets_by_owner ON datasets (owner);
      CREATE TABLE dataset_tags (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (dataset_id, tag)
      );
      CREATE INDEX dataset_tags_by_tag ON dataset_tags (tag, dataset_id);
      CREATE TABLE dataset_versions (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        location TEXT NOT NULL,
        format TEXT NOT NULL,
        rows INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        profile TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        produced_by TEXT,
        PRIMARY KEY (dataset_id, version),
        UNIQUE (dataset_id, sha256)
      );
      CREATE INDEX dataset_versions_by_sha256 ON dataset_versions (sha256);
      CREATE TABLE dataset_notes (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX dataset_notes_by_dataset ON dataset_notes (dataset_id, time);
      CREATE VIRTUAL TABLE dataset_search USING fts5 (
        name, tags, description, annotations, columns,
        tokenize = 'unicode61', prefix = '1 2 3'
      );
      INSERT INTO dataset_search (dataset_search, rank) VALUES ('rank', 'bm25(10.0, 6.0, 2.0, 1.0, 3.0)');
      CREATE INDEX run_data_refs_by_dataset ON run_data_refs (dataset) WHERE dataset IS NOT NULL;
    `,
    postgres: sql =>
      replacing(
        /CREATE VIRTUAL TABLE dataset_search[^;]*;\s*INSERT INTO dataset_search[^;]*;/,
        // One weighted tsvector per dataset, built by the engine from the same five fields.
        `CREATE TABLE dataset_search (
          rowid BIGINT PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
          document TSVECTOR NOT NULL
        );
        CREATE INDEX dataset_search_by_document ON dataset_search USING GIN (document);
        ALTER TABLE dataset_notes ADD COLUMN rowid BIGSERIAL;`
      )(sql)
  },
  {
    version: 6,
    name: 'jobs: definitions, slot leases, attempt history',
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        notebook TEXT NOT NULL,
        parameters TEXT NOT NULL,
        schedule_cron TEXT,
        schedule_tz TEXT,
        enabled INTEGER NOT NULL,
        retries INTEGER NOT NULL,
        backoff_seconds REAL NOT NULL,
        timeout_seconds REAL,
        concurrency TEXT NOT NULL CHECK (concurrency IN ('forbid', 'allow', 'replace')),
        starting_deadline_seconds REAL NOT NULL,
        gates TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE job_slots (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        slot INTEGER NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, slot)
      );
      ${jobAttemptsTable('job_attempts', ['schedule', 'manual'])}
      ${JOB_ATTEMPTS_INDEXES}
    `
  },
  {
    version: 7,
    name: 'model registry: models, versions with their run and evaluation, stage history',
    sql: `
      CREATE TABLE models (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX models_by_update ON models (updated_at);
      CREATE TABLE model_versions (
        model_name TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        run_id TEXT,
        artifact_path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        evaluation TEXT,
        measure_passed INTEGER,
        stage TEXT NOT NULL DEFAULT 'none'
          CHECK (stage IN ('none', 'staging', 'production', 'archived')),
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (model_name, version)
      );
      CREATE INDEX model_versions_by_stage ON model_versions (model_name, stage);
      CREATE INDEX model_versions_by_run ON model_versions (run_id);
      CREATE TABLE model_stage_history (
        model_name TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        from_stage TEXT NOT NULL,
        to_stage TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        forced INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX model_stage_history_by_model ON model_stage_history (model_name, changed_at);
    `,
    // The history's order within one millisecond is SQLite's implicit rowid.
    postgres: rowidColumns('model_stage_history')
  },
  {
    version: 8,
    name: "jobs: the engine that runs a job (mlnb's scheduler, Airflow, Kubernetes, Argo) and whom its runs notify",
    sql: `
      ALTER TABLE jobs ADD COLUMN engine TEXT NOT NULL DEFAULT 'mlnb'
        CHECK (engine IN ('mlnb', 'airflow', 'kubernetes', 'argo'));
      ALTER TABLE jobs ADD COLUMN notify TEXT;
    `
  },
  {
    version: 9,
    name: 'runs: the seed Math.random started from (NULL for runs recorded before seeding)',
    sql: `
      ALTER TABLE runs ADD COLUMN seed INTEGER;
    `
  },
  ...LATER_STEPS
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
