import type { Driver } from '../engine/driver';

/** What the store holds that the ML Joel test asks about, read in a few aggregate queries. */
export interface StoreEvidence {
  /** Runs started since the window opened, newest first (at most RECENT_RUNS). */
  runs: {
    id: string;
    committed: boolean;
    clean: boolean;
    seeded: boolean;
    inputs: number;
    hashedInputs: number;
    catalogInputs: number;
    hasMetrics: boolean;
  }[];
  datasets: { name: string; described: boolean; owned: boolean }[];
  jobs: { id: string; name: string; enabled: boolean; scheduled: boolean; engine: string; gates: number }[];
  /** Attempts that ended since the window opened. */
  attempts: { id: string; job: string; status: string; runId: string | null; gated: boolean }[];
  modelVersions: { ref: string; evaluated: boolean; measured: boolean }[];
  /** Who wrote dataset notes, incident notes, and who opened incidents. */
  noteAuthors: string[];
  runUsers: string[];
  lastReview: { at: number; by: string; findings: number } | null;
}

/** How many recent runs the reproducibility share looks at. */
export const RECENT_RUNS = 1000;

interface RunRow {
  id: string;
  code: string;
  seed: number | null;
  inputs: number;
  hashed: number;
  catalog: number;
  metrics: number;
}

export async function gatherEvidence(db: Driver, since: number): Promise<StoreEvidence> {
  const runs = await db.all<RunRow>(
    `SELECT r.id, r.code, r.seed,
       (SELECT count(*) FROM run_data_refs d WHERE d.run_id = r.id AND d.role = 'input') AS inputs,
       (SELECT count(*) FROM run_data_refs d WHERE d.run_id = r.id AND d.role = 'input' AND d.sha256 IS NOT NULL) AS hashed,
       (SELECT count(*) FROM run_data_refs d WHERE d.run_id = r.id AND d.role = 'input' AND d.dataset LIKE '%@%') AS catalog,
       (SELECT count(*) FROM run_latest_metrics m WHERE m.run_id = r.id) AS metrics
     FROM runs r WHERE r.start_time >= ? AND r.status != 'running'
     ORDER BY r.start_time DESC LIMIT ?`,
    [since, RECENT_RUNS]
  );
  const datasets = await db.all<{ name: string; description: string; owner: string }>(
    'SELECT name, description, owner FROM datasets ORDER BY name'
  );
  const jobs = await db.all<{
    id: string;
    name: string;
    enabled: number | boolean;
    schedule_cron: string | null;
    engine: string;
    gates: string;
  }>('SELECT id, name, enabled, schedule_cron, engine, gates FROM jobs ORDER BY name');
  const attempts = await db.all<{
    id: string;
    name: string;
    status: string;
    run_id: string | null;
    gates: string;
  }>(
    `SELECT a.id, j.name, a.status, a.run_id, j.gates FROM job_attempts a JOIN jobs j ON j.id = a.job_id
     WHERE a.end_time >= ? AND a.status IN ('succeeded', 'failed', 'killed') ORDER BY a.end_time DESC`,
    [since]
  );
  const versions = await db.all<{
    model_name: string;
    version: number;
    evaluation: string | null;
    measure_passed: number | null;
  }>(
    'SELECT model_name, version, evaluation, measure_passed FROM model_versions ORDER BY model_name, version'
  );
  const authors = await db.all<{ author: string }>(
    `SELECT author FROM dataset_notes UNION SELECT author FROM incident_notes
     UNION SELECT opened_by AS author FROM incidents`
  );
  const users = await db.all<{ user_name: string }>(
    'SELECT DISTINCT user_name FROM runs WHERE start_time >= ?',
    [since]
  );
  const review = await db.get<{ reviewed_at: number; reviewed_by: string; findings: string }>(
    'SELECT reviewed_at, reviewed_by, findings FROM reviews ORDER BY reviewed_at DESC LIMIT 1'
  );
  return {
    runs: runs.map(r => {
      const git = (JSON.parse(r.code) as { git: { commit: string | null; dirty: boolean } | null }).git;
      return {
        id: r.id,
        committed: Boolean(git?.commit),
        clean: git !== null && !git.dirty,
        seeded: r.seed !== null && r.seed !== undefined,
        inputs: Number(r.inputs),
        hashedInputs: Number(r.hashed),
        catalogInputs: Number(r.catalog),
        hasMetrics: Number(r.metrics) > 0
      };
    }),
    datasets: datasets.map(d => ({
      name: d.name,
      described: d.description.trim() !== '',
      owned: d.owner.trim() !== ''
    })),
    jobs: jobs.map(j => ({
      id: j.id,
      name: j.name,
      enabled: Boolean(Number(j.enabled)),
      scheduled: j.schedule_cron !== null,
      engine: j.engine,
      gates: (JSON.parse(j.gates) as string[]).length
    })),
    attempts: attempts.map(a => ({
      id: a.id,
      job: a.name,
      status: a.status,
      runId: a.run_id,
      gated: (JSON.parse(a.gates) as string[]).length > 0
    })),
    modelVersions: versions.map(v => ({
      ref: `${v.model_name}@${v.version}`,
      evaluated: v.evaluation !== null,
      measured: v.measure_passed !== null
    })),
    noteAuthors: authors.map(a => a.author).sort(),
    runUsers: users.map(u => u.user_name).sort(),
    lastReview: review
      ? {
          at: Number(review.reviewed_at),
          by: review.reviewed_by,
          findings: (JSON.parse(review.findings) as unknown[]).length
        }
      : null
  };
}
