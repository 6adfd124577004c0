import type { MlflowDatasetInput, MlflowMetric, MlflowStatus, MlflowTag } from './mapping';

/** The MLflow major versions whose REST API this client speaks (log-inputs, mlflow-artifacts). */
export const SUPPORTED_MAJOR = 3;
/** MLflow's limits for one runs/log-batch call. */
export const BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 };
const REQUEST_TIMEOUT_MS = 60_000;

/** An MLflow server problem a user can act on: unreachable, another version, an error answer. */
export class MlflowError extends Error {
  constructor(
    message: string,
    /** The user's input is at fault (another server version, a bad URI): exit code 2. */
    readonly usage = false
  ) {
    super(message);
    this.name = 'MlflowError';
  }
}

export interface MlflowRunInfo {
  run_id: string;
  experiment_id: string;
  artifact_uri: string;
  status: MlflowStatus;
  end_time?: number;
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { params?: MlflowTag[]; tags?: MlflowTag[]; metrics?: MlflowMetric[] };
  inputs?: { dataset_inputs?: MlflowDatasetInput[] };
}

/** A small client of MLflow's REST API (https://mlflow.org/docs/latest/rest-api.html). */
export class MlflowClient {
  readonly base: string;

  constructor(trackingUri: string) {
    let url: URL;
    try {
      url = new URL(trackingUri);
    } catch {
      throw new MlflowError(`--tracking-uri ${trackingUri}: not a URL (e.g. http://127.0.0.1:5000).`, true);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new MlflowError(
        `--tracking-uri ${trackingUri}: an MLflow tracking server is reached over http(s).`,
        true
      );
    }
    this.base = url.toString().replace(/\/+$/, '');
  }

  /** The server's version (GET /version); another major version is refused before anything is written. */
  async checkVersion(): Promise<string> {
    const response = await this.fetch('GET', '/version');
    const version = (await response.text()).trim();
    const major = Number(/^(\d+)\./.exec(version)?.[1]);
    if (!response.ok || !major) {
      throw new MlflowError(
        `${this.base} does not answer as an MLflow tracking server (GET /version: HTTP ${response.status}).`,
        true
      );
    }
    if (major !== SUPPORTED_MAJOR) {
      throw new MlflowError(
        `${this.base} runs MLflow ${version}; mlnb exports to MLflow ${SUPPORTED_MAJOR}.x servers.`,
        true
      );
    }
    return version;
  }

  /** The experiment's id, creating it when there is none of that name. */
  async experimentId(name: string): Promise<string> {
    const found = await this.call<{ experiment?: { experiment_id: string } }>(
      'GET',
      `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      undefined,
      true
    );
    if (found?.experiment) {
      return found.experiment.experiment_id;
    }
    return (await this.call<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', {
      name
    }))!.experiment_id;
  }

  async findRun(experimentId: string, tag: MlflowTag): Promise<MlflowRun | null> {
    const found = await this.call<{ runs?: MlflowRun[] }>('POST', '/api/2.0/mlflow/runs/search', {
      experiment_ids: [experimentId],
      filter: `tags.\`${tag.key}\` = '${tag.value.replace(/'/g, "\\'")}'`,
      max_results: 1
    });
    return found?.runs?.[0] ?? null;
  }

  async createRun(body: {
    experiment_id: string;
    run_name: string;
    start_time: number;
    user_id: string;
    tags: MlflowTag[];
  }) {
    return (await this.call<{ run: MlflowRun }>('POST', '/api/2.0/mlflow/runs/create', body))!.run;
  }

  /** Every point of a metric (MLflow pages the history). */
  async metricHistory(runId: string, key: string): Promise<MlflowMetric[]> {
    const points: MlflowMetric[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ run_id: runId, metric_key: key, max_results: '25000' });
      if (token) {
        query.set('page_token', token);
      }
      const page = await this.call<{ metrics?: MlflowMetric[]; next_page_token?: string }>(
        'GET',
        `/api/2.0/mlflow/metrics/get-history?${query}`
      );
      points.push(...(page?.metrics ?? []));
      token = page?.next_page_token;
    } while (token);
    return points;
  }

  /** Logs in calls that keep within MLflow's batch limits. */
  async logBatch(runId: string, batch: { metrics: MlflowMetric[]; params: MlflowTag[]; tags: MlflowTag[] }) {
    const metrics = [...batch.metrics];
    const params = [...batch.params];
    const tags = [...batch.tags];
    while (metrics.length + params.length + tags.length > 0) {
      const p = params.splice(0, BATCH_LIMITS.params);
      const t = tags.splice(0, BATCH_LIMITS.tags);
      const m = metrics.splice(0, Math.min(BATCH_LIMITS.metrics, BATCH_LIMITS.total - p.length - t.length));
      await this.call('POST', '/api/2.0/mlflow/runs/log-batch', {
        run_id: runId,
        metrics: m,
        params: p,
        tags: t
      });
    }
  }

  async logInputs(runId: string, datasets: MlflowDatasetInput[]) {
    await this.call('POST', '/api/2.0/mlflow/runs/log-inputs', { run_id: runId, datasets });
  }

  async updateRun(runId: string, status: MlflowStatus, endTime: number | null) {
    await this.call('POST', '/api/2.0/mlflow/runs/update', {
      run_id: runId,
      status,
      ...(endTime !== null ? { end_time: endTime } : {})
    });
  }

  /** The run's artifact files (recursively), by path, with their sizes. */
  async artifactSizes(runId: string, folder = ''): Promise<Map<string, number>> {
    const query = new URLSearchParams({ run_id: runId, ...(folder ? { path: folder } : {}) });
    const listed = await this.call<{ files?: { path: string; is_dir: boolean; file_size?: number }[] }>(
      'GET',
      `/api/2.0/mlflow/artifacts/list?${query}`
    );
    const sizes = new Map<string, number>();
    for (const file of listed?.files ?? []) {
      if (file.is_dir) {
        (await this.artifactSizes(runId, file.path)).forEach((size, p) => sizes.set(p, size));
      } else {
        sizes.set(file.path, file.file_size ?? -1);
      }
    }
    return sizes;
  }

  /** Uploads one file through the server's artifact proxy (`mlflow server --serve-artifacts`, the default). */
  async putArtifact(artifactUri: string, relative: string, content: Buffer) {
    const root = /^mlflow-artifacts:\/{1,3}(?:[^/]*@[^/]*\/)?(.*)$/.exec(artifactUri)?.[1];
    if (root === undefined) {
      throw new MlflowError(
        `the run's artifacts go to ${artifactUri}, which mlnb cannot write through the server: ` +
          'start the server with --serve-artifacts (the default) or export with --dir.'
      );
    }
    const target = [...root.split('/'), ...relative.split('/')]
      .filter(Boolean)
      .map(encodeURIComponent)
      .join('/');
    await this.call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${target}`, content);
  }

  /** One call; MLflow's error answer becomes an MlflowError with its message. `missingOk`: a 404 is null. */
  private async call<T>(method: string, route: string, body?: unknown, missingOk = false): Promise<T | null> {
    const response = await this.fetch(method, route, body);
    const text = await response.text();
    if (response.status === 404 && missingOk) {
      return null;
    }
    if (!response.ok) {
      let message = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { error_code?: string; message?: string };
        message = `${parsed.error_code ?? ''}: ${parsed.message ?? text}`;
      } catch {
        // Not JSON: the text as it came.
      }
      throw new MlflowError(
        `MLflow ${method} ${route.split('?')[0]} answered HTTP ${response.status} ${message}`
      );
    }
    return text ? (JSON.parse(text) as T) : null;
  }

  private async fetch(method: string, route: string, body?: unknown): Promise<Response> {
    const binary = Buffer.isBuffer(body);
    try {
      return await fetch(this.base + route, {
        method,
        headers: binary
          ? { 'content-type': 'application/octet-stream' }
          : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : binary ? (body as Buffer) : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new MlflowError(`${this.base} cannot be reached: ${cause?.code ?? (error as Error).message}`);
    }
  }
}
