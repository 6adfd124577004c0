import type { DatasetRecord } from '../store/datasets/types';
import type { RunRecord } from '../store/runs/types';

/**
 * What an mlnb run is in MLflow's terms (https://mlflow.org/docs/latest/rest-api.html): one
 * mapping, used by the REST export and the mlflow-export-import files alike.
 */

export interface MlflowTag {
  key: string;
  value: string;
}

export interface MlflowMetric {
  key: string;
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  step: number;
}

export interface MlflowDatasetInput {
  tags: MlflowTag[];
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
}

export type MlflowStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

/** The tag that ties an MLflow run to its mlnb run: a second export finds the run by it. */
export const RUN_ID_TAG = 'mlnb.run_id';
/** The mlnb run's tag that links to its MLflow run once exported (shown with the run's tags). */
export const MLFLOW_URL_TAG = 'mlnb.mlflow_url';

export function mlflowStatus(status: RunRecord['status']): MlflowStatus {
  return ({ running: 'RUNNING', finished: 'FINISHED', failed: 'FAILED', killed: 'KILLED' } as const)[status];
}

export const millis = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

/** MLflow's system tags (user, source, git) plus mlnb's own and the run's tags. */
export function runTags(run: RunRecord): MlflowTag[] {
  const git = run.code.git;
  const tags: Record<string, string | null | undefined> = {
    'mlflow.runName': run.name,
    'mlflow.user': run.user,
    'mlflow.source.name': run.code.notebook?.path ?? run.experiment,
    'mlflow.source.type': run.source === 'interactive' ? 'NOTEBOOK' : 'JOB',
    'mlflow.source.git.commit': git?.commit,
    'mlflow.source.git.branch': git?.branch,
    'mlflow.source.git.repoURL': git?.remote,
    'mlflow.note.content': run.notes || null,
    [RUN_ID_TAG]: run.id,
    'mlnb.source': run.source,
    'mlnb.notebook': run.experiment,
    'mlnb.host': run.host,
    'mlnb.job_id': run.jobId,
    'mlnb.seed': run.seed === null ? null : String(run.seed),
    ...Object.fromEntries(Object.entries(run.tags).filter(([key]) => key !== MLFLOW_URL_TAG))
  };
  return Object.entries(tags)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => ({ key, value }));
}

/** Params as MLflow keeps them: text (JSON for structured values). */
export function runParams(run: RunRecord): MlflowTag[] {
  return Object.entries(run.params).map(([key, param]) => ({
    key,
    value: typeof param.value === 'string' ? param.value : JSON.stringify(param.value)
  }));
}

export function runMetrics(run: RunRecord): MlflowMetric[] {
  return Object.entries(run.metrics).flatMap(([key, points]) =>
    points.map(point => ({ key, value: point.value, timestamp: Date.parse(point.time), step: point.step }))
  );
}

/** A metric point's identity: a second export sends the points MLflow does not have yet. */
export const pointKey = (m: MlflowMetric): string => `${m.key}\0${m.step}\0${m.timestamp}\0${m.value}`;

/** MLflow's colspec types for the catalog's column types. */
const COLSPEC: Record<DatasetRecord['schema'][number]['type'], string> = {
  integer: 'long',
  number: 'double',
  boolean: 'boolean',
  datetime: 'datetime',
  string: 'string',
  categorical: 'string'
};

/**
 * The run's input data as MLflow dataset inputs: catalog versions with their schema and row
 * count, other files by path; each digest is the content hash's first 32 characters (MLflow
 * keeps at most 36).
 */
export function datasetInputs(run: RunRecord, datasets: Map<string, DatasetRecord>): MlflowDatasetInput[] {
  return run.dataRefs
    .filter(ref => ref.role === 'input')
    .map(ref => {
      const record = ref.dataset ? datasets.get(ref.dataset) : undefined;
      const digest = (record?.sha256 ?? ref.sha256 ?? 'unknown').slice(0, 32);
      return {
        tags: [{ key: 'mlflow.data.context', value: 'input' }],
        dataset: {
          name: record ? `${record.name}@${record.version}` : ref.uri.split(/[\\/]/).pop()!,
          digest,
          source_type: 'local',
          source: JSON.stringify({ uri: record?.location ?? ref.uri }),
          ...(record
            ? {
                schema: JSON.stringify({
                  mlflow_colspec: record.schema.map(c => ({
                    type: COLSPEC[c.type],
                    name: c.name,
                    required: !c.nullable
                  }))
                }),
                profile: JSON.stringify({ num_rows: record.rows })
              }
            : ref.rows !== null
              ? { profile: JSON.stringify({ num_rows: ref.rows }) }
              : {})
        }
      };
    });
}
