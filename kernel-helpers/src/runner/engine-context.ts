/**
 * Where a run ran, read from what each engine sets in the runner's environment: Airflow's
 * AIRFLOW_CTX_* (the exported DAG's task sets them from its task instance), the Kubernetes pod
 * and job names (downward API in the exported CronJob), Argo's workflow name and retry. Kept as
 * the run's tags, so a run links back to the engine run and try that made it.
 */
export function engineTags(env: NodeJS.ProcessEnv, jobId: string | null): Record<string, string> {
  const engine = ENGINES.find(e => env[e.when]);
  if (!engine) {
    return jobId ? { 'mlnb.engine': 'mlnb' } : {};
  }
  const tags: Record<string, string> = { 'mlnb.engine': engine.engine };
  for (const [tag, variable] of Object.entries(engine.tags)) {
    if (env[variable]) {
      tags[tag] = env[variable];
    }
  }
  return tags;
}

/** Each engine: the variable that says a run is on it, and each tag's variable (an unset one is left out). */
const ENGINES: { engine: string; when: string; tags: Record<string, string> }[] = [
  {
    engine: 'airflow',
    when: 'AIRFLOW_CTX_DAG_ID',
    tags: {
      'airflow.dag_id': 'AIRFLOW_CTX_DAG_ID',
      'airflow.dag_run_id': 'AIRFLOW_CTX_DAG_RUN_ID',
      'airflow.try_number': 'AIRFLOW_CTX_TRY_NUMBER',
      // A pipeline's DAG runs a task per step in one DAG run: the task tells its tries apart.
      'airflow.task_id': 'AIRFLOW_CTX_TASK_ID'
    }
  },
  {
    engine: 'argo',
    when: 'MLNB_ARGO_WORKFLOW',
    tags: {
      'argo.workflow': 'MLNB_ARGO_WORKFLOW',
      'argo.retry': 'MLNB_ARGO_RETRY',
      'kubernetes.pod': 'HOSTNAME'
    }
  },
  {
    engine: 'kubernetes',
    when: 'MLNB_K8S_POD_NAME',
    tags: { 'kubernetes.job': 'MLNB_K8S_JOB_NAME', 'kubernetes.pod': 'MLNB_K8S_POD_NAME' }
  }
];
