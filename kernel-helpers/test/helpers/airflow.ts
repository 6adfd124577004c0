import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, REPO_ROOT, runCli } from './env';

/** An http URL nothing answers at: a real refused connection. */
export async function closedUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/**
 * `mlnb run NOTEBOOK` as an Airflow task's try starts it: with the AIRFLOW_CTX_* variables the
 * generated DAG sets from its task instance.
 */
export function runAsAirflowTry(
  dir: string,
  notebook: string,
  context: { dagId: string; dagRunId: string; tryNumber: number }
) {
  return runCli(['run', notebook], {
    cwd: dir,
    env: {
      MLNB_STORE: '',
      AIRFLOW_CTX_DAG_ID: context.dagId,
      AIRFLOW_CTX_DAG_RUN_ID: context.dagRunId,
      AIRFLOW_CTX_TRY_NUMBER: String(context.tryNumber)
    }
  });
}

/** The real Airflow 3.3 of this checkout (scripts/setup.mjs installs it; npm test does). */
export const AIRFLOW = path.join(REPO_ROOT, '.venv-airflow', 'bin', 'airflow');

/**
 * An Airflow home in `dir` (SQLite metadata, DAGs from `dir/dags`, no examples), migrated: the
 * returned function runs the `airflow` CLI there.
 */
export function localAirflow(dir: string) {
  if (!fs.existsSync(AIRFLOW)) {
    throw new Error(`Airflow is not installed at ${AIRFLOW}: run node scripts/setup.mjs (npm test does).`);
  }
  const env = {
    PATH: `${path.dirname(AIRFLOW)}:${process.env.PATH}`,
    HOME: process.env.HOME,
    AIRFLOW_HOME: path.join(dir, 'airflow'),
    AIRFLOW__CORE__DAGS_FOLDER: path.join(dir, 'dags'),
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False'
  };
  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
  const migrated = run(AIRFLOW, ['db', 'migrate']);
  if (migrated.status !== 0) {
    throw new Error(`airflow db migrate failed: ${migrated.stderr}`);
  }
  const airflow = (...args: string[]) => run(AIRFLOW, args);
  airflow.python = (script: string) => run(path.join(path.dirname(AIRFLOW), 'python'), ['-c', script]);
  return airflow;
}
