import type { AirflowHistory, AirflowTry } from '../../contracts';
import { parseFilter, parseOrderBy } from '../../runs/filter';
import type { Store } from '../../store/engine/store';
import type { JobRecord } from '../../store/jobs/types';
import { AIRFLOW_TASK_ID, dagId } from './airflow';
import { AirflowApi } from './airflow-api';
import { ExportError } from './definition';

export type { AirflowHistory, AirflowTry };

/** DAG runs asked of Airflow at most: each costs one more request (its tries). */
const MAX_DAG_RUNS = 50;

type RecordedTry = Pick<AirflowTry, 'runId' | 'runStatus' | 'startTime' | 'endTime'>;

/**
 * The history of a job on Airflow: each try of each DAG run with Airflow's state, next to the
 * tracked run it recorded (the run's `airflow.dag_run_id` and `airflow.try_number` tags). Where
 * Airflow's URL is not given or Airflow does not answer, the tries are what mlnb recorded, their
 * state unknown (null), and `problem` says why: never a failure.
 */
export async function airflowHistory(
  store: Store,
  job: JobRecord,
  options: { url?: string; limit: number }
): Promise<AirflowHistory> {
  const id = dagId(job);
  const recorded = await recordedTries(store, id, options.limit);
  let problem: string | null = options.url
    ? null
    : "Airflow's URL is not known (--airflow-url or MLNB_AIRFLOW_URL)";
  let reported: AirflowTry[] = [];
  if (options.url) {
    try {
      reported = await reportedTries(await AirflowApi.connect(options.url), id, options.limit, recorded);
    } catch (error) {
      if (!(error instanceof ExportError)) {
        throw error;
      }
      problem = error.message;
    }
  }
  // Runs of tries Airflow did not list (older than the page, or Airflow not reached).
  const listed = new Set(reported.map(t => t.tryNumber !== null && tryKey(t.dagRunId, t.tryNumber)));
  const unreported: AirflowTry[] = [...recorded]
    .filter(([key]) => !listed.has(key))
    .map(([key, run]) => ({
      dagRunId: dagRunOf(key),
      dagRunState: null,
      tryNumber: Number(key.slice(key.lastIndexOf('#') + 1)) || null,
      state: null,
      ...run
    }));
  const tries = [...reported, ...unreported]
    .sort(
      (a, b) =>
        (b.startTime ?? '').localeCompare(a.startTime ?? '') || (b.tryNumber ?? 0) - (a.tryNumber ?? 0)
    )
    .slice(0, options.limit);
  return { dagId: id, reached: problem === null, problem, tries };
}

const tryKey = (dagRunId: string, tryNumber: number | string) => `${dagRunId}#${tryNumber}`;
const dagRunOf = (key: string) => key.slice(0, key.lastIndexOf('#'));

/** The tracked runs of a DAG's tries, by DAG run and try. */
async function recordedTries(store: Store, id: string, limit: number): Promise<Map<string, RecordedTry>> {
  const page = await store.runs.search({
    filter: parseFilter(`tags.\`airflow.dag_id\` = ${JSON.stringify(id)}`),
    order: parseOrderBy('start_time desc'),
    limit: Math.min(limit * 4, 1000)
  });
  const tries = new Map<string, RecordedTry>();
  for (const summary of page.runs) {
    const run = await store.runs.get(summary.id);
    const dagRunId = run?.tags['airflow.dag_run_id'];
    const key = dagRunId && tryKey(dagRunId, run.tags['airflow.try_number'] ?? '');
    // mlnb run records one run per try; should two exist, the oldest (iterated last) is the try's.
    if (key) {
      tries.set(key, {
        runId: run.id,
        runStatus: run.status,
        startTime: run.startTime,
        endTime: run.endTime
      });
    }
  }
  return tries;
}

/** Airflow's DAG runs of the job, newest first, each try beside the run it recorded. */
async function reportedTries(
  api: AirflowApi,
  id: string,
  limit: number,
  recorded: Map<string, RecordedTry>
): Promise<AirflowTry[]> {
  const tries: AirflowTry[] = [];
  for (const dagRun of await api.dagRuns(id, Math.min(limit, MAX_DAG_RUNS))) {
    const taskTries = await api.tries(id, dagRun.dag_run_id, AIRFLOW_TASK_ID);
    if (taskTries.length === 0) {
      // Queued: no task instance yet.
      tries.push({
        dagRunId: dagRun.dag_run_id,
        dagRunState: dagRun.state,
        tryNumber: null,
        state: dagRun.state,
        startTime: dagRun.start_date ?? dagRun.run_after,
        endTime: dagRun.end_date,
        runId: null,
        runStatus: null
      });
    }
    for (const taskTry of taskTries) {
      const run = recorded.get(tryKey(dagRun.dag_run_id, taskTry.try_number));
      tries.push({
        dagRunId: dagRun.dag_run_id,
        dagRunState: dagRun.state,
        tryNumber: taskTry.try_number,
        state: taskTry.state,
        startTime: taskTry.start_date ?? run?.startTime ?? dagRun.run_after,
        endTime: taskTry.end_date,
        runId: run?.runId ?? null,
        runStatus: run?.runStatus ?? null
      });
    }
  }
  return tries;
}
