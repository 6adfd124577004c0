import { createHash } from 'node:crypto';
import type { DatasetRecord } from '../store/datasets/types';
import type { ModelVersionRecord } from '../store/models/types';
import type { GitState, RunRecord } from '../store/runs/types';
import { MLNB_VERSION } from '../version';

/**
 * OpenLineage RunEvents (spec 2-0-2, https://openlineage.io/spec/2-0-2/OpenLineage.json) built
 * from a run's record: the run, its job (the notebook, or the mlnb job), its inputs and outputs,
 * with the standard facets a lineage catalog (Marquez, DataHub, ...) reads.
 */

export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const PRODUCER = `https://www.npmjs.com/package/mlnb/v/${MLNB_VERSION}`;

export type LineageEventType = 'START' | 'COMPLETE' | 'FAIL' | 'ABORT';

export interface Facet {
  _producer: string;
  _schemaURL: string;
  [field: string]: unknown;
}

export interface LineageDataset {
  namespace: string;
  name: string;
  facets: Record<string, Facet>;
}

export interface RunEvent {
  eventType: LineageEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets: Record<string, Facet> };
  job: { namespace: string; name: string; facets: Record<string, Facet> };
  inputs: LineageDataset[];
  outputs: LineageDataset[];
}

/** What the run's record does not say: who scheduled it, and the catalog records it names. */
export interface EventContext {
  namespace: string;
  /** The mlnb job whose attempt this run is. */
  job: { id: string; name: string } | null;
  /** The scheduled time of the attempt (ISO), for job attempts started by a schedule. */
  nominalTime: string | null;
  /** The attempt (mlnb's scheduler) or the engine run (Airflow) that started the run. */
  parent: { namespace: string; name: string; runKey: string } | null;
  /** Catalog records of the run's `name@version` data refs. */
  datasets: Map<string, DatasetRecord>;
  /** Model versions this run made. */
  models: ModelVersionRecord[];
  eventTime?: Date;
}

const facet = (schema: string, fields: Record<string, unknown>): Facet => ({
  _producer: PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/${schema}`,
  ...fields
});

/** mlnb's run ids are UUIDs without their dashes: OpenLineage gets them back. */
export function lineageRunId(runId: string): string {
  const h = runId.replace(/-/g, '');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A UUID (version 5 layout) named by `key`: the same key is always the same id. */
export function namedUuid(key: string): string {
  const bytes = createHash('sha256').update(key).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return lineageRunId(bytes.toString('hex'));
}

export function eventTypeOf(status: RunRecord['status']): LineageEventType {
  return status === 'finished'
    ? 'COMPLETE'
    : status === 'killed'
      ? 'ABORT'
      : status === 'failed'
        ? 'FAIL'
        : 'START';
}

export function runEvent(type: LineageEventType, run: RunRecord, context: EventContext): RunEvent {
  return {
    eventType: type,
    eventTime: (context.eventTime ?? new Date()).toISOString(),
    producer: PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId: lineageRunId(run.id), facets: runFacets(type, run, context) },
    job: {
      namespace: context.namespace,
      // Like Airflow's dag.task: the job, then the notebook it runs.
      name: context.job ? `${context.job.name}.${run.experiment}` : run.experiment,
      facets: jobFacets(run)
    },
    inputs: run.dataRefs.filter(ref => ref.role === 'input').map(ref => dataset(ref, context)),
    outputs: [
      ...run.dataRefs.filter(ref => ref.role === 'output').map(ref => dataset(ref, context)),
      ...context.models.map(model => ({
        namespace: context.namespace,
        name: `models/${model.name}`,
        facets: {
          version: facet('1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet', {
            datasetVersion: String(model.version)
          })
        }
      }))
    ]
  };
}

function runFacets(type: LineageEventType, run: RunRecord, context: EventContext): Record<string, Facet> {
  const facets: Record<string, Facet> = {
    processing_engine: facet('1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet', {
      version: MLNB_VERSION,
      name: 'mlnb'
    })
  };
  if (context.parent) {
    facets.parent = facet('1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet', {
      run: { runId: namedUuid(context.parent.runKey) },
      job: { namespace: context.parent.namespace, name: context.parent.name }
    });
  }
  if (context.nominalTime) {
    facets.nominalTime = facet('1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet', {
      nominalStartTime: context.nominalTime
    });
  }
  const failure = run.tags['mlnb.failure'];
  if ((type === 'FAIL' || type === 'ABORT') && failure) {
    facets.errorMessage = facet('1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet', {
      message: failure,
      programmingLanguage: 'TypeScript'
    });
  }
  return facets;
}

function jobFacets(run: RunRecord): Record<string, Facet> {
  const facets: Record<string, Facet> = {
    jobType: facet('2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet', {
      processingType: 'BATCH',
      integration: 'MLNB',
      jobType: 'NOTEBOOK'
    })
  };
  const location = sourceCodeLocation(run.code.git, run.experiment);
  if (location) {
    facets.sourceCodeLocation = facet(
      '1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet',
      location
    );
  }
  return facets;
}

/** Where the notebook is in its repository; none outside git or before the first commit. */
function sourceCodeLocation(git: GitState | null, notebook: string): Record<string, string> | null {
  if (!git?.commit || !git.remote) {
    return null;
  }
  const web = webUrl(git.remote);
  // The facet's url must be a URI: the file at its commit on the host's web UI, else the remote.
  const url = web ? `${web}/blob/${git.commit}/${notebook}` : git.remote;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    return null;
  }
  return {
    type: 'git',
    url,
    repoUrl: git.remote,
    path: notebook,
    version: git.commit,
    ...(git.branch ? { branch: git.branch } : {})
  };
}

/** https://host/org/repo of `git@host:org/repo.git` or `https://host/org/repo.git`. */
function webUrl(remote: string): string | null {
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?$/.exec(remote);
  if (scp) {
    return `https://${scp[1]}/${scp[2]}`;
  }
  const http = /^(https?:\/\/.+?)(?:\.git)?\/?$/.exec(remote);
  return http ? http[1] : null;
}

function dataset(ref: RunRecord['dataRefs'][number], context: EventContext): LineageDataset {
  const record = ref.dataset ? context.datasets.get(ref.dataset) : undefined;
  if (record) {
    return {
      namespace: context.namespace,
      name: record.name,
      facets: {
        schema: facet('1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet', {
          fields: record.schema.map((column, i) => ({
            name: column.name,
            type: column.type,
            ordinal_position: i + 1
          }))
        }),
        version: facet('1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet', {
          datasetVersion: String(record.version)
        }),
        dataSource: facet('1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet', {
          name: context.namespace,
          uri: fileUri(record.location)
        })
      }
    };
  }
  // A file read outside the catalog: named as OpenLineage names local files, versioned by content.
  return {
    namespace: 'file',
    name: ref.uri,
    facets: ref.sha256
      ? {
          version: facet('1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet', {
            datasetVersion: ref.sha256
          })
        }
      : {}
  };
}

function fileUri(location: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : `file://${location}`;
}
