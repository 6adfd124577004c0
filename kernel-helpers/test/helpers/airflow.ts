import { freePort, runCli } from './env';

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
