import type { JobRecord } from '../../store/jobs/types';
import {
  definitionHash,
  ExportError,
  inertParamsJson,
  parameterValues,
  resourceName,
  runnerArgs
} from './definition';

/** Where the container finds the store and the artifacts; the names are options of the export. */
export interface ClusterSettings {
  image: string;
  /** The Secret whose key `store` holds MLNB_STORE (a postgres:// URL). */
  storeSecret: string;
  /** The PersistentVolumeClaim holding MLNB_ARTIFACTS (the snapshots, executed notebooks). */
  artifactsClaim: string;
  /** Where that volume is mounted in the container. */
  artifactsPath: string;
}

export const CONTAINER_NAME = 'mlnb-run';
/** Argo's workflow argument that holds the parameter values (JSON). */
export const ARGO_PARAMS = 'params';

const POLICY = { forbid: 'Forbid', allow: 'Allow', replace: 'Replace' } as const;
// A CronJob needs a schedule: a manual-only job is exported suspended, with a yearly placeholder.
const MANUAL_SCHEDULE = '0 0 1 1 *';

function metadata(job: JobRecord) {
  return {
    name: resourceName(job),
    labels: { 'app.kubernetes.io/managed-by': 'mlnb', 'mlnb.dev/job-id': job.id },
    annotations: { 'mlnb.dev/job-name': job.name, 'mlnb.dev/definition-sha256': definitionHash(job) }
  };
}

function place(job: JobRecord, settings: ClusterSettings) {
  const snapshot = `${settings.artifactsPath}/${job.notebook.snapshot}`;
  return { snapshot, cwd: snapshot.slice(0, snapshot.lastIndexOf('/')) };
}

function baseEnv(settings: ClusterSettings) {
  return [
    { name: 'MLNB_STORE', valueFrom: { secretKeyRef: { name: settings.storeSecret, key: 'store' } } },
    { name: 'MLNB_ARTIFACTS', value: settings.artifactsPath }
  ];
}

export function volumes(settings: ClusterSettings) {
  return {
    volumeMounts: [{ name: 'artifacts', mountPath: settings.artifactsPath }],
    volumes: [{ name: 'artifacts', persistentVolumeClaim: { claimName: settings.artifactsClaim } }]
  };
}

/** A batch/v1 CronJob whose one container runs `mlnb run` on the job's snapshot. */
export function cronJob(job: JobRecord, settings: ClusterSettings): Record<string, unknown> {
  const { volumeMounts, volumes: podVolumes } = volumes(settings);
  const values = parameterValues(job.parameters);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(job),
    spec: {
      schedule: job.schedule?.cron ?? MANUAL_SCHEDULE,
      ...(job.schedule ? { timeZone: job.schedule.timezone } : {}),
      suspend: !job.enabled || !job.schedule,
      concurrencyPolicy: POLICY[job.concurrency],
      startingDeadlineSeconds: Math.round(job.startingDeadlineSeconds),
      jobTemplate: {
        spec: {
          backoffLimit: job.retries.count,
          ...(job.timeoutSeconds ? { activeDeadlineSeconds: Math.ceil(job.timeoutSeconds) } : {}),
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: CONTAINER_NAME,
                  image: settings.image,
                  command: ['mlnb'],
                  args: [
                    ...runnerArgs(job, place(job, settings)).map(escapeExpansion),
                    ...(Object.keys(values).length ? ['--params-json', inertParamsJson(values)] : [])
                  ],
                  env: [
                    ...baseEnv(settings),
                    { name: 'MLNB_K8S_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                    {
                      name: 'MLNB_K8S_JOB_NAME',
                      valueFrom: { fieldRef: { fieldPath: "metadata.labels['job-name']" } }
                    }
                  ],
                  volumeMounts
                }
              ],
              volumes: podVolumes
            }
          }
        }
      }
    }
  };
}

/**
 * An argoproj.io/v1alpha1 CronWorkflow with the same mapping; the parameter values are the
 * workflow argument `params` (editable per submission), and retries back off exponentially.
 */
export function cronWorkflow(job: JobRecord, settings: ClusterSettings): Record<string, unknown> {
  const { volumes: podVolumes } = volumes(settings);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: metadata(job),
    spec: {
      schedules: [job.schedule?.cron ?? MANUAL_SCHEDULE],
      ...(job.schedule ? { timezone: job.schedule.timezone } : {}),
      suspend: !job.enabled || !job.schedule,
      concurrencyPolicy: POLICY[job.concurrency],
      startingDeadlineSeconds: Math.round(job.startingDeadlineSeconds),
      workflowSpec: {
        entrypoint: 'run',
        arguments: {
          parameters: [{ name: ARGO_PARAMS, value: inertParamsJson(parameterValues(job.parameters)) }]
        },
        volumes: podVolumes,
        templates: [
          argoRunTemplate(job, settings, 'run', ['--params-json', `{{workflow.parameters.${ARGO_PARAMS}}}`])
        ]
      }
    }
  };
}

/**
 * An Argo template named `name` whose container runs the job's `mlnb run` (then `extraArgs`,
 * taken as they are), with the job's retries (doubling backoff) and timeout: a CronWorkflow's
 * one template, or one step of a pipeline's DAG.
 */
export function argoRunTemplate(
  job: JobRecord,
  settings: ClusterSettings,
  name: string,
  extraArgs: string[]
): Record<string, unknown> {
  const { volumeMounts } = volumes(settings);
  const backoffSeconds = Math.max(1, Math.round(job.retries.backoffSeconds));
  return {
    name,
    ...(job.retries.count > 0
      ? {
          retryStrategy: {
            limit: String(job.retries.count),
            retryPolicy: 'Always',
            backoff: { duration: `${backoffSeconds}s`, factor: '2' }
          }
        }
      : {}),
    ...(job.timeoutSeconds ? { activeDeadlineSeconds: String(Math.ceil(job.timeoutSeconds)) } : {}),
    container: {
      name: CONTAINER_NAME,
      image: settings.image,
      command: ['mlnb'],
      args: [...runnerArgs(job, place(job, settings)).map(escapeArgo).map(escapeExpansion), ...extraArgs],
      env: [
        ...baseEnv(settings),
        { name: 'MLNB_ARGO_WORKFLOW', value: '{{workflow.name}}' },
        { name: 'MLNB_ARGO_RETRY', value: '{{retries}}' }
      ],
      volumeMounts
    }
  };
}

/** Kubernetes expands `$(VAR)` in args; `$$` stands for a literal `$`. */
function escapeExpansion(arg: string): string {
  return arg.replace(/\$/g, '$$$$');
}

/** Argo reads `{{...}}` in a template as a tag; a job's own text (a gate, a name) must not be. */
function escapeArgo(arg: string): string {
  if (arg.includes('{{')) {
    throw new ExportError(`Argo would read "{{" in "${arg}" as a template tag: rename or rephrase it.`);
  }
  return arg;
}

interface Validatable {
  validate(): void;
  toJSON(): Record<string, unknown>;
}
type ModelClass = new (data: Record<string, unknown>) => Validatable;

// The model packages are ES modules; this CommonJS build loads them with a real import().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

/**
 * Checks a manifest against the Kubernetes or Argo schema (npm kubernetes-models,
 * @kubernetes-models/argo-workflows) and returns it as the model serializes it.
 */
export async function validateManifest(manifest: Record<string, unknown>): Promise<Record<string, unknown>> {
  const model =
    manifest.kind === 'CronJob'
      ? ((await importEsm('kubernetes-models/batch/v1/CronJob')) as { CronJob: ModelClass }).CronJob
      : (
          (await importEsm('@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/CronWorkflow')) as {
            CronWorkflow: ModelClass;
          }
        ).CronWorkflow;
  const object = new model(manifest);
  try {
    object.validate();
  } catch (error) {
    throw new ExportError(`The ${String(manifest.kind)} is not valid: ${(error as Error).message}`);
  }
  return object.toJSON();
}
