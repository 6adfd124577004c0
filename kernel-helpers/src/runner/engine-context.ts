/**
 * Where a run ran, read from what each engine sets in the runner's environment: Airflow's
 * AIRFLOW_CTX_* (the exported DAG's task sets them from its task instance), the Kubernetes pod
 * and job names (downward API in the exported CronJob), Argo's workflow name and retry. Kept as
 * the run's tags, so a run links back to the engine run and try that made it.
 */
export function engineTags(env: NodeJS.ProcessEnv, jobId: string | null): Record<string, string> {
  const present = (tags: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => Boolean(entry[1])));
  if (env.AIRFLOW_CTX_DAG_ID) {
    return present({
      'mlnb.engine': 'airflow',
      'airflow.dag_id': env.AIRFLOW_CTX_DAG_ID,
      'airflow.dag_run_id': env.AIRFLOW_CTX_DAG_RUN_ID,
      'airflow.try_number': env.AIRFLOW_CTX_TRY_NUMBER,
      // A pipeline's DAG runs a task per step in one DAG run: the task tells its tries apart.
      'airflow.task_id': env.AIRFLOW_CTX_TASK_ID
    });
  }
  if (env.MLNB_ARGO_WORKFLOW) {
    return present({
      'mlnb.engine': 'argo',
      'argo.workflow': env.MLNB_ARGO_WORKFLOW,
      'argo.retry': env.MLNB_ARGO_RETRY,
      'kubernetes.pod': env.HOSTNAME
    });
  }
  if (env.MLNB_K8S_POD_NAME) {
    return present({
      'mlnb.engine': 'kubernetes',
      'kubernetes.job': env.MLNB_K8S_JOB_NAME,
      'kubernetes.pod': env.MLNB_K8S_POD_NAME
    });
  }
  return jobId ? { 'mlnb.engine': 'mlnb' } : {};
}
