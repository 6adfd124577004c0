import type {
  ArtifactRecord,
  CellRecord,
  CodeVersion,
  DataRef,
  Environment,
  ParamValue,
  RunRecord,
  RunSource,
  RunStatus,
  RunSummary
} from '../../contracts';
import type { FilterTerm, RunOrder } from './filter-terms';

/** The run record and its parts: everything schemas/run.schema.json defines (src/contracts). */
export type * from '../../contracts/run';
/** A row of `mlnb runs list`: the run without its cells and series. */
export type { RunSummary } from '../../contracts';

export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  /** Milliseconds since the epoch. */
  time: number;
}

export interface NewRun {
  id: string;
  experiment: string;
  name: string;
  source: RunSource;
  jobId: string | null;
  user: string;
  host: string;
  pid: number;
  startTime: number;
  code: CodeVersion;
  environment: Environment;
  /** The seed Math.random starts from (absent: not seeded). */
  seed?: number | null;
}

export interface RunPatch {
  experiment?: string;
  name?: string;
  status?: RunStatus;
  endTime?: number | null;
  code?: CodeVersion;
  environment?: Environment;
  notes?: string;
  /** A seed chosen by %seed before anything drew a number becomes the run's recorded seed. */
  seed?: number;
}

/** A page of `search`: filter, free text, scope, order and a position. */
export interface RunSearch {
  filter: FilterTerm[];
  /** Free text over names, experiments and tag values. */
  text?: string;
  experiment?: string;
  order: RunOrder;
  limit: number;
  /** From a previous page: later pages see the same runs even while new ones are added. */
  pageToken?: string | null;
}

export interface RunPage {
  runs: RunSummary[];
  nextPageToken: string | null;
}

/** The run part of the store. Every write is its own short transaction. */
export interface RunStore {
  create(run: NewRun): Promise<void>;
  update(id: string, patch: RunPatch): Promise<void>;
  /** Marks runs alive now (a kernel's heartbeat). */
  heartbeat(ids: string[], at: number): Promise<void>;
  startCell(
    id: string,
    cell: Omit<CellRecord, 'durationMs' | 'status' | 'error' | 'startTime'> & { startTime: number }
  ): Promise<void>;
  finishCell(
    id: string,
    seq: number,
    result: { durationMs: number; status: 'ok' | 'error'; error: string | null }
  ): Promise<void>;
  logParams(id: string, params: Record<string, ParamValue>): Promise<void>;
  logMetrics(id: string, points: MetricPoint[]): Promise<void>;
  setTags(id: string, tags: Record<string, string>): Promise<void>;
  addDataRef(id: string, ref: DataRef): Promise<void>;
  addArtifact(id: string, artifact: ArtifactRecord): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Ids starting with `prefix` (at most `limit`), for short ids on the command line. */
  findIds(prefix: string, limit: number): Promise<string[]>;
  /** Newest first. */
  list(query?: { experiment?: string; limit?: number }): Promise<RunSummary[]>;
  /** Filtered, ordered and paginated (MLflow's search_runs shape). Throws on a bad page token. */
  search(query: RunSearch): Promise<RunPage>;
  /** The runs changed after `after` (ms), with their change time, oldest first. */
  changedSince(after: number, limit?: number): Promise<{ id: string; updatedAt: number }[]>;
  /** Deletes a run and everything recorded with it (not its artifact files). */
  delete(id: string): Promise<boolean>;
  /**
   * Marks `killed` the running runs whose process is gone: on this host, a pid that
   * `isAlive` denies; elsewhere, a heartbeat older than `staleBefore`. Returns their ids.
   */
  reapDead(host: string, isAlive: (pid: number) => boolean, staleBefore: number): Promise<string[]>;
}
