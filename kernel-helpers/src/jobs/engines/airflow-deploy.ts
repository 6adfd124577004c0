import type { JobRecord } from '../../store/jobs/types';
import type { Store } from '../../store/engine/store';
import { parseFilter, parseOrderBy } from '../../runs/filter';
import { parameterValues } from '../attempt';
import { dagFileName, dagId } from './airflow';
import { AirflowApi } from './airflow-api';
import { ExportError } from './definition';
import { exportFiles, writeFiles } from './export';

const POLL_MS = 1000;
const FINISHED = ['success', 'failed'];
const MAX_MISSED_POLLS = 5;

/**
 * `mlnb jobs deploy --to airflow`: writes the DAG into the DAGs folder and, given Airflow's URL,
 * waits until Airflow parsed it (an import error fails with Airflow's own text), then un-pauses
 * it (unless the job is paused). Resolves with the DAG file.
 */
export async function deployToAirflow(
  store: Store,
  job: JobRecord,
  options: { dagsFolder: string; url?: string; waitSeconds: number; log: (line: string) => void }
): Promise<string> {
  // Reached before anything is written: an unreachable Airflow leaves the folder as it was.
  const api = options.url ? await AirflowApi.connect(options.url) : undefined;
  const [file] = writeFiles(options.dagsFolder, await exportFiles(store, job, { target: 'airflow' }));
  options.log(`wrote ${file}`);
  if (!api) {
    return file;
  }
  const id = dagId(job);
  options.log(`waiting for Airflow at ${api.url} to parse ${id}…`);
  const until = Date.now() + options.waitSeconds * 1000;
  for (;;) {
    const failure = await api.importError(dagFileName(job));
    if (failure) {
      throw new ExportError(`Airflow could not import ${file}:\n${failure}`);
    }
    if (await api.dag(id)) {
      break;
    }
    if (Date.now() > until) {
      throw new ExportError(
        `Airflow did not list ${id} within ${options.waitSeconds} s: is ${options.dagsFolder} its DAGs folder? ` +
          '(its dag processor looks for new files every [dag_processor] refresh_interval seconds)'
      );
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  if (job.enabled) {
    await api.unpause(id);
    options.log(`${id} is parsed and un-paused`);
  } else {
    options.log(`${id} is parsed; it stays paused, like the job`);
  }
  return file;
}

export interface AirflowRunOutcome {
  dagId: string;
  dagRunId: string;
  state: string;
  /** The tracked runs the DAG run's tries made, oldest first. */
  runIds: string[];
}

/**
 * Triggers a DAG run of a job on Airflow with the job's parameter values as `conf` ("Run now"
 * of the CLI and of the service); refused when Airflow has not parsed the job's DAG.
 */
export async function triggerOnAirflow(
  job: JobRecord,
  url: string
): Promise<{ api: AirflowApi; dagId: string; dagRunId: string }> {
  const api = await AirflowApi.connect(url);
  const id = dagId(job);
  if (!(await api.dag(id))) {
    throw new ExportError(
      `Airflow at ${api.url} has no DAG ${id}: mlnb jobs deploy ${job.name} --to airflow first.`
    );
  }
  return { api, dagId: id, dagRunId: await api.trigger(id, parameterValues(job.parameters)) };
}

/** "Run now" for a job on Airflow in the CLI: triggers a DAG run and follows it to its end. */
export async function runOnAirflow(
  store: Store,
  job: JobRecord,
  options: { url: string; log: (line: string) => void; signal?: AbortSignal }
): Promise<AirflowRunOutcome> {
  const { api, dagId: id, dagRunId } = await triggerOnAirflow(job, options.url);
  options.log(`triggered ${id} run ${dagRunId}`);
  let state = 'queued';
  let misses = 0;
  while (!FINISHED.includes(state) && !options.signal?.aborted) {
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
    try {
      state = await api.dagRunState(id, dagRunId);
      misses = 0;
    } catch (error) {
      // A busy API server may miss a poll; the DAG run goes on regardless.
      if (++misses >= MAX_MISSED_POLLS) {
        throw error;
      }
      options.log(`Airflow did not answer (${(error as Error).message}); asking again`);
    }
  }
  // Each try of the task is its own tracked run, tagged with the DAG run (see engine-context).
  const runs = await store.runs.search({
    filter: parseFilter(`tags.\`airflow.dag_run_id\` = ${JSON.stringify(dagRunId)}`),
    order: parseOrderBy('start_time asc'),
    limit: 20
  });
  return { dagId: id, dagRunId, state, runIds: runs.runs.map(r => r.id) };
}
