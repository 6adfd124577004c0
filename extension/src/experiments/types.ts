/** Runs as the service returns them (schemas/run.schema.json). */

export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';

export interface IRunSummary {
  id: string;
  experiment: string;
  name: string;
  status: RunStatus;
  source: 'interactive' | 'batch' | 'job';
  user: string;
  startTime: string;
  endTime: string | null;
  latestMetrics: Record<string, number>;
}

export interface IRunPage {
  runs: IRunSummary[];
  next_page_token: string | null;
}

export interface IRunCell {
  seq: number;
  cellId: string | null;
  executionCount: number | null;
  source: string;
  startTime: string;
  durationMs: number | null;
  status: 'running' | 'ok' | 'error';
  error: string | null;
}

export interface IRunRecord extends Omit<IRunSummary, 'latestMetrics'> {
  host: string;
  jobId: string | null;
  code: {
    git: {
      commit: string | null;
      branch: string | null;
      remote: string | null;
      dirty: boolean;
      diffArtifact: string | null;
    } | null;
    notebook: { path: string; sha256: string | null } | null;
  };
  cells: IRunCell[];
  environment: Record<string, unknown> & { packages: Record<string, string> };
  params: Record<string, { type: string; value: unknown }>;
  metrics: Record<string, { step: number; value: number; time: string }[]>;
  dataRefs: {
    uri: string;
    dataset: string | null;
    sha256: string | null;
    role: string;
    rows: number | null;
  }[];
  artifacts: { path: string; kind: string; sha256: string; bytes: number }[];
  tags: Record<string, string>;
  notes: string;
  /** The seed Math.random started from (null: recorded before runs were seeded). */
  seed?: number | null;
}

/** A change announced by the service's event stream. */
export type RunChange =
  { type: 'run-changed'; id: string; updatedAt: number } | { type: 'run-deleted'; id: string };
