/**
 * Tables more than one migration step writes out. SQLite changes a CHECK only by rebuilding the
 * table, so a later step creates it again: from the same text, with what that step changes, so
 * that the rebuilt table cannot drift from the first (whose SQL stays as released).
 */

/** The job_attempts table: `triggers` its CHECK allows, `added` the columns later steps add. */
export function jobAttemptsTable(name: string, triggers: string[], added: string[] = []): string {
  const columns = [
    'id TEXT PRIMARY KEY',
    'job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE',
    `trigger TEXT NOT NULL CHECK (trigger IN (${triggers.map(t => `'${t}'`).join(', ')}))`,
    'slot INTEGER NOT NULL',
    'attempt INTEGER NOT NULL',
    `status TEXT NOT NULL
          CHECK (status IN ('waiting', 'running', 'succeeded', 'failed', 'killed', 'skipped', 'missed'))`,
    'due_at INTEGER',
    'start_time INTEGER',
    'end_time INTEGER',
    'run_id TEXT',
    'executed_notebook TEXT',
    "gate_results TEXT NOT NULL DEFAULT '[]'",
    'error TEXT',
    'owner_id TEXT NOT NULL',
    'owner_host TEXT NOT NULL',
    'owner_pid INTEGER NOT NULL',
    'child_pid INTEGER',
    'created_at INTEGER NOT NULL',
    ...added
  ];
  return `CREATE TABLE ${name} (\n${columns.map(c => `        ${c}`).join(',\n')}\n      );`;
}

/** The indexes of job_attempts (created again after a rebuild). */
export const JOB_ATTEMPTS_INDEXES = `CREATE INDEX job_attempts_by_job ON job_attempts (job_id, created_at);
      CREATE INDEX job_attempts_active ON job_attempts (status) WHERE status IN ('waiting', 'running');`;
