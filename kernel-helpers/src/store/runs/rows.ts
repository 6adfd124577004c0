import type {
  ArtifactRecord,
  CellRecord,
  DataRef,
  MetricPoint,
  NewRun,
  ParamValue,
  RunPatch,
  RunRecord,
  RunSummary
} from './types';

/** Rows of the run tables and how they become records: the same for both engines. */

const same = (value: unknown) => value;

/** How each patchable field is stored: its column and encoding. */
export const PATCH_COLUMNS: Record<keyof RunPatch, [string, (value: unknown) => unknown]> = {
  experiment: ['experiment', same],
  name: ['name', same],
  status: ['status', same],
  endTime: ['end_time', same],
  code: ['code', value => JSON.stringify(value)],
  environment: ['environment', value => JSON.stringify(value)],
  notes: ['notes', same],
  seed: ['seed', same]
};

/** The columns a patch sets, with their encoded values; the names come from PATCH_COLUMNS only. */
export function patchColumns(patch: RunPatch): Record<string, unknown> {
  return encodedColumns(PATCH_COLUMNS, patch);
}

/**
 * The columns a patch of any table sets, from its map of field to [column, encoding]: the
 * fields given (not undefined), encoded; column names come from the map, never the caller.
 */
export function encodedColumns<Patch extends object>(
  columnsOf: Record<keyof Patch, [string, (value: unknown) => unknown]>,
  patch: Patch
): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, [column, encode]] of Object.entries(columnsOf) as [
    keyof Patch,
    [string, (value: unknown) => unknown]
  ][]) {
    const value = patch[field];
    if (value !== undefined) {
      columns[column] = encode(value);
    }
  }
  return columns;
}

/** The columns of a new run row. */
export function newRunColumns(run: NewRun) {
  return {
    ...run,
    job_id: run.jobId,
    user_name: run.user,
    start_time: run.startTime,
    code: JSON.stringify(run.code),
    environment: JSON.stringify(run.environment),
    seed: run.seed ?? null
  };
}

export type NewCell = Omit<CellRecord, 'durationMs' | 'status' | 'error' | 'startTime'> & {
  startTime: number;
};
export type CellResult = { durationMs: number; status: 'ok' | 'error'; error: string | null };

export function newCellColumns(runId: string, cell: NewCell) {
  return {
    run_id: runId,
    seq: cell.seq,
    cell_id: cell.cellId,
    execution_count: cell.executionCount,
    source_sha256: cell.sourceSha256,
    source: cell.source,
    start_time: cell.startTime
  };
}

export function cellResultColumns(runId: string, seq: number, result: CellResult) {
  return { run_id: runId, seq, duration_ms: result.durationMs, status: result.status, error: result.error };
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface RunRow {
  id: string;
  experiment: string;
  name: string;
  status: RunRecord['status'];
  source: RunRecord['source'];
  job_id: string | null;
  user_name: string;
  host: string;
  pid: number;
  start_time: number;
  end_time: number | null;
  code: string;
  environment: string;
  notes: string;
  seed: number | null;
}

export interface CellRow {
  seq: number;
  cell_id: string | null;
  execution_count: number | null;
  source_sha256: string;
  source: string;
  start_time: number;
  duration_ms: number | null;
  status: CellRecord['status'];
  error: string | null;
}

export type ParamRow = { name: string; type: ParamValue['type']; value: string };
export type MetricRow = { key: string; step: number; value: number; time: number };
export type TagRow = { key: string; value: string };

export function summaryFields(row: RunRow) {
  return {
    id: row.id,
    experiment: row.experiment,
    name: row.name,
    status: row.status,
    source: row.source,
    user: row.user_name,
    startTime: iso(row.start_time)!,
    endTime: iso(row.end_time)
  };
}

export function runSummary(row: RunRow, latest: { key: string; value: number }[]): RunSummary {
  return { ...summaryFields(row), latestMetrics: Object.fromEntries(latest.map(m => [m.key, m.value])) };
}

/** The full record from the run's row and the rows of its parts. */
export function runRecord(
  row: RunRow,
  parts: {
    cells: CellRow[];
    params: ParamRow[];
    metrics: MetricRow[];
    dataRefs: DataRef[];
    artifacts: ArtifactRecord[];
    tags: TagRow[];
  }
): RunRecord {
  const metrics: RunRecord['metrics'] = {};
  for (const m of parts.metrics) {
    (metrics[m.key] ??= []).push({ step: m.step, value: m.value, time: iso(m.time)! });
  }
  return {
    ...summaryFields(row),
    jobId: row.job_id,
    host: row.host,
    code: JSON.parse(row.code),
    environment: JSON.parse(row.environment),
    notes: row.notes,
    seed: row.seed,
    cells: parts.cells.map(c => ({
      seq: c.seq,
      cellId: c.cell_id,
      executionCount: c.execution_count,
      sourceSha256: c.source_sha256,
      source: c.source,
      startTime: iso(c.start_time)!,
      durationMs: c.duration_ms,
      status: c.status,
      error: c.error
    })),
    params: Object.fromEntries(parts.params.map(p => [p.name, { type: p.type, value: JSON.parse(p.value) }])),
    metrics,
    dataRefs: parts.dataRefs.map(r => ({
      uri: r.uri,
      dataset: r.dataset,
      sha256: r.sha256,
      role: r.role,
      rows: r.rows
    })),
    artifacts: parts.artifacts.map(a => ({ path: a.path, kind: a.kind, sha256: a.sha256, bytes: a.bytes })),
    tags: Object.fromEntries(parts.tags.map(t => [t.key, t.value]))
  };
}

/**
 * The last point of each key (the highest step, the later one on a tie): what a batch leaves in
 * run_latest_metrics, whose upsert is then one statement per key instead of one per point.
 */
export function latestPerKey(points: MetricPoint[]): MetricPoint[] {
  const latest = new Map<string, MetricPoint>();
  for (const p of points) {
    const seen = latest.get(p.key);
    if (!seen || p.step >= seen.step) {
      latest.set(p.key, p);
    }
  }
  return [...latest.values()];
}
