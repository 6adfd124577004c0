import { randomUUID } from 'node:crypto';
import { ExportError } from './definition';

/** A DAG run as `GET /api/v2/dags/{id}/dagRuns` gives it (the fields mlnb reads). */
export interface AirflowDagRun {
  dag_run_id: string;
  state: string;
  run_after: string | null;
  start_date: string | null;
  end_date: string | null;
}

/** One try of a task instance (`.../taskInstances/{task}/tries`). */
export interface AirflowTaskTry {
  try_number: number;
  state: string | null;
  start_date: string | null;
  end_date: string | null;
}

/**
 * The few calls of Airflow 3's REST API (v2) that deploying and running a job need. A token comes
 * from MLNB_AIRFLOW_TOKEN, else from `GET /auth/token` (what the simple auth manager gives when
 * every user is an admin, as `airflow standalone` can be set up).
 */
export class AirflowApi {
  private constructor(
    readonly url: string,
    private readonly token: string
  ) {}

  static async connect(url: string, env: NodeJS.ProcessEnv = process.env): Promise<AirflowApi> {
    const base = url.replace(/\/+$/, '');
    try {
      new URL(base);
    } catch {
      throw new ExportError(`--airflow-url "${url}" is not a URL (e.g. http://airflow.example.com:8080).`);
    }
    let token = env.MLNB_AIRFLOW_TOKEN;
    if (!token) {
      const response = await call(base, 'GET', '/auth/token');
      const body = (await response.json().catch(() => ({}))) as { access_token?: string };
      if (!response.ok || !body.access_token) {
        throw new ExportError(
          `Airflow at ${base} gave no API token (GET /auth/token: HTTP ${response.status}); set MLNB_AIRFLOW_TOKEN.`
        );
      }
      token = body.access_token;
    }
    // Asked once up front, so a refused token is said before anything is written or triggered.
    const access = await call(base, 'GET', '/api/v2/dags?limit=1', undefined, token);
    await access.text().catch(() => ''); // read to the end: the connection goes back to the pool
    if (access.status === 401 || access.status === 403) {
      throw new ExportError(
        `Airflow at ${base} refused mlnb's API token (HTTP ${access.status}): set MLNB_AIRFLOW_TOKEN ` +
          'to a token of a user who may read and trigger DAGs.'
      );
    }
    if (!access.ok) {
      throw new ExportError(
        `${base} does not answer as Airflow 3's REST API (GET /api/v2/dags: HTTP ${access.status}).`
      );
    }
    return new AirflowApi(base, token);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    allow404 = false
  ): Promise<T | undefined> {
    const response = await call(this.url, method, path, body, this.token);
    if (allow404 && response.status === 404) {
      return undefined;
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ExportError(
        `Airflow refused ${method} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** The DAG as Airflow parsed it, or undefined while it has not. */
  dag(dagId: string): Promise<{ dag_id: string; is_paused: boolean } | undefined> {
    return this.request('GET', `/api/v2/dags/${encodeURIComponent(dagId)}`, undefined, true);
  }

  /** Airflow's own text of the import error of a DAG file, if it has one. */
  async importError(fileName: string): Promise<string | undefined> {
    const page = await this.request<{ import_errors: { filename: string; stack_trace: string }[] }>(
      'GET',
      `/api/v2/importErrors?limit=100&filename_pattern=${encodeURIComponent(fileName)}`
    );
    return page?.import_errors.find(e => e.filename.endsWith(`/${fileName}`) || e.filename === fileName)
      ?.stack_trace;
  }

  async unpause(dagId: string): Promise<void> {
    await this.request('PATCH', `/api/v2/dags/${encodeURIComponent(dagId)}?update_mask=is_paused`, {
      is_paused: false
    });
  }

  /** Starts a DAG run with the parameter values as `conf`; resolves with its run id. */
  async trigger(dagId: string, conf: Record<string, unknown>): Promise<string> {
    const dagRunId = `mlnb__${new Date().toISOString()}_${randomUUID().slice(0, 8)}`;
    await this.request('POST', `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns`, {
      dag_run_id: dagRunId,
      logical_date: null,
      conf
    });
    return dagRunId;
  }

  /** The DAG's latest runs, newest first (an unknown DAG has none). */
  async dagRuns(dagId: string, limit: number): Promise<AirflowDagRun[]> {
    const page = await this.request<{ dag_runs: AirflowDagRun[] }>(
      'GET',
      `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns?limit=${limit}&order_by=-run_after`,
      undefined,
      true
    );
    return page?.dag_runs ?? [];
  }

  /** Every try of a task in a DAG run, the current one included; none before the first starts. */
  async tries(dagId: string, dagRunId: string, taskId: string): Promise<AirflowTaskTry[]> {
    const page = await this.request<{ task_instances: AirflowTaskTry[] }>(
      'GET',
      `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(dagRunId)}` +
        `/taskInstances/${encodeURIComponent(taskId)}/tries`,
      undefined,
      true
    );
    return page?.task_instances ?? [];
  }

  async dagRunState(dagId: string, dagRunId: string): Promise<string> {
    const run = await this.request<{ state: string }>(
      'GET',
      `/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(dagRunId)}`
    );
    return run!.state;
  }
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string
): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {})
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000)
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ExportError(
      `Airflow at ${base} cannot be reached (${cause?.code ?? cause?.message ?? (error as Error).message}).`
    );
  }
}
