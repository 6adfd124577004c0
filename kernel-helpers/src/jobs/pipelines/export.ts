import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { Store } from '../../store/engine/store';
import type { JobRecord } from '../../store/jobs/types';
import type { PipelineRecord } from '../../store/pipelines/types';
import {
  checkExportable,
  ExportError,
  exportedDefinition,
  inertParamsJson,
  parameterValues,
  runnerArgs
} from '../engines/definition';
import { clusterSettings, clusterTriggerNote, ExportedFile } from '../engines/export';
import { argoRunTemplate, ClusterSettings, validateManifest, volumes } from '../engines/manifests';
import { airflowTriggerNote, assetUri, SCHEDULE_PY } from '../engines/airflow';

/**
 * `mlnb pipelines export`: one Airflow DAG with a task per step, or one Argo CronWorkflow with a
 * DAG template, with the pipeline's edges. Each task is the step's `mlnb run` (as its job's
 * export runs it), tagged with the engine's run as the parent. What cannot travel is said in the
 * file and returned as `notes`: the engines hand each step the datasets' latest versions (they
 * run in order, but no version is pinned), and a data trigger's debounce has no equivalent.
 */

/** The mlnb CLI of this installation (dist/jobs/pipelines/export.js → bin/mlnb.js). */
const MLNB_BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'mlnb.js');

export type PipelineTarget = 'airflow' | 'argo';

export interface PipelineExport {
  files: ExportedFile[];
  /** What of the pipeline the engine cannot do as mlnb does. */
  notes: string[];
}

/** The step jobs, in the pipeline's order; an export of a pipeline whose step job is gone is refused. */
async function stepJobs(
  store: Store,
  pipeline: PipelineRecord,
  target: PipelineTarget
): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  for (const step of pipeline.steps) {
    const job = await store.jobs.get(step.jobId);
    if (!job) {
      throw new ExportError(`The job of step "${step.name}" is gone: create the pipeline again.`);
    }
    checkExportable(job, store.artifactRoot, target);
    jobs.push(job);
  }
  if (pipeline.schedule && pipeline.schedule.cron.trim().split(/\s+/).length !== 5) {
    throw new ExportError(
      `${target} takes a cron of 5 fields; the pipeline has "${pipeline.schedule.cron}".`
    );
  }
  return jobs;
}

function definitionHash(pipeline: PipelineRecord, jobs: JobRecord[]): string {
  const definition = {
    ...pipeline,
    createdAt: undefined,
    updatedAt: undefined,
    jobs: jobs.map(exportedDefinition)
  };
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

function notesFor(pipeline: PipelineRecord, target: PipelineTarget): string[] {
  const notes = [
    'each step loads the latest version of the datasets it names (the steps run in order, but the ' +
      'versions its upstream steps registered are not pinned as mlnb pins them)',
    'resume: clear the failed task in the engine instead of mlnb pipelines resume'
  ];
  const trigger = pipeline.onNewVersion;
  if (trigger) {
    notes.push(target === 'airflow' ? airflowTriggerNote(trigger) : clusterTriggerNote(trigger, 'Argo'));
  }
  return notes;
}

/** The id Airflow knows the pipeline by. */
export function pipelineDagId(pipeline: PipelineRecord): string {
  return `mlnb_pipeline__${pipeline.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
}

/** How the DAG's tasks start mlnb and reach the store (the exporting machine's). */
interface AirflowPlace {
  mlnb: string[];
  store: string;
  artifactRoot: string;
}

function airflowDag(
  pipeline: PipelineRecord,
  jobs: JobRecord[],
  notes: string[],
  where: AirflowPlace
): string {
  const spec = {
    dagId: pipelineDagId(pipeline),
    pipeline: { id: pipeline.id, name: pipeline.name },
    cron: pipeline.schedule?.cron ?? null,
    timezone: pipeline.schedule?.timezone ?? 'UTC',
    assets: pipeline.onNewVersion ? [assetUri(pipeline.onNewVersion.dataset)] : [],
    startDate: pipeline.createdAt,
    paused: !pipeline.enabled,
    maxActiveTasks: pipeline.maxParallel,
    env: { MLNB_STORE: where.store, MLNB_ARTIFACTS: where.artifactRoot },
    steps: pipeline.steps.map((step, i) => {
      const job = jobs[i];
      const snapshot = path.join(where.artifactRoot, job.notebook.snapshot);
      const values = parameterValues(job.parameters);
      return {
        taskId: step.name,
        upstream: step.dependsOn.map(e => e.step),
        outlets: step.registers.map(assetUri),
        retries: job.retries.count,
        retryDelaySeconds: job.retries.backoffSeconds,
        timeoutSeconds: job.timeoutSeconds,
        command: [
          ...where.mlnb,
          ...runnerArgs(job, {
            snapshot,
            cwd: fs.existsSync(job.notebook.cwd) ? job.notebook.cwd : path.dirname(snapshot)
          }),
          ...(Object.keys(values).length ? ['--params-json', JSON.stringify(values)] : [])
        ]
      };
    })
  };
  return `# Generated by mlnb from the pipeline "${pipeline.name}" (${pipeline.id}): re-export instead of editing.
# mlnb-definition-sha256: ${definitionHash(pipeline, jobs)}
${notes.map(note => `# Not as in mlnb: ${note}.`).join('\n')}
import json
import os
import subprocess
import time
from datetime import timedelta

import pendulum
from airflow.sdk import DAG, Asset, AssetOrTimeSchedule, task
from airflow.timetables.trigger import CronTriggerTimetable

PIPELINE = json.loads(${JSON.stringify(JSON.stringify(spec))})


${SCHEDULE_PY}


def _step_task(step):
    @task(
        task_id=step["taskId"],
        retries=step["retries"],
        retry_delay=timedelta(seconds=step["retryDelaySeconds"]),
        retry_exponential_backoff=True,
        execution_timeout=timedelta(seconds=step["timeoutSeconds"]) if step["timeoutSeconds"] else None,
        outlets=[Asset(uri) for uri in step["outlets"]],
    )
    def run_step(**context):
        """The step's tracked mlnb run, tagged with this DAG run as its parent."""
        ti = context["ti"]
        env = {
            **PIPELINE["env"],
            **os.environ,
            "AIRFLOW_CTX_DAG_ID": ti.dag_id,
            "AIRFLOW_CTX_DAG_RUN_ID": ti.run_id,
            "AIRFLOW_CTX_TASK_ID": ti.task_id,
            "AIRFLOW_CTX_TRY_NUMBER": str(ti.try_number),
            "MLNB_ENGINE_STARTED_MS": str(int(time.time() * 1000)),
        }
        parent = {"pipeline": PIPELINE["pipeline"]["name"], "run": ti.run_id, "step": step["taskId"]}
        argv = step["command"] + ["--pipeline-run", json.dumps(parent)]
        code = subprocess.run(argv, env=env).returncode
        if code != 0:
            raise RuntimeError(f"mlnb run exited with code {code}")

    return run_step()


with DAG(
    dag_id=PIPELINE["dagId"],
    description=f"mlnb pipeline {PIPELINE['pipeline']['name']}",
    schedule=_schedule(PIPELINE),
    start_date=pendulum.parse(PIPELINE["startDate"]).in_timezone(PIPELINE["timezone"]),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=PIPELINE["maxActiveTasks"],
    is_paused_upon_creation=PIPELINE["paused"],
    tags=["mlnb", "mlnb-pipeline"],
):
    tasks = {step["taskId"]: _step_task(step) for step in PIPELINE["steps"]}
    for step in PIPELINE["steps"]:
        for upstream in step["upstream"]:
            tasks[upstream] >> tasks[step["taskId"]]
`;
}

function argoWorkflow(pipeline: PipelineRecord, jobs: JobRecord[], settings: ClusterSettings, hash: string) {
  const { volumes: podVolumes } = volumes(settings);
  const name = `mlnb-pl-${
    pipeline.name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || pipeline.id.slice(0, 12)
  }`;
  // The parent run is the workflow: Argo fills in its name (the only tag in the text).
  const parent = (step: string) =>
    `${inertParamsJson({ pipeline: pipeline.name, step }).slice(0, -1)},"run":"{{workflow.name}}"}`;
  const template = (job: JobRecord, step: string) => {
    const values = parameterValues(job.parameters);
    return argoRunTemplate(job, settings, step, [
      ...(Object.keys(values).length ? ['--params-json', inertParamsJson(values)] : []),
      '--pipeline-run',
      parent(step)
    ]);
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/managed-by': 'mlnb', 'mlnb.dev/pipeline-id': pipeline.id },
      annotations: { 'mlnb.dev/pipeline-name': pipeline.name, 'mlnb.dev/definition-sha256': hash }
    },
    spec: {
      schedules: [pipeline.schedule?.cron ?? '0 0 1 1 *'],
      ...(pipeline.schedule ? { timezone: pipeline.schedule.timezone } : {}),
      suspend: !pipeline.enabled || !pipeline.schedule,
      concurrencyPolicy: 'Forbid',
      workflowSpec: {
        entrypoint: 'pipeline',
        parallelism: pipeline.maxParallel,
        volumes: podVolumes,
        templates: [
          {
            name: 'pipeline',
            dag: {
              tasks: pipeline.steps.map(step => ({
                name: step.name,
                template: step.name,
                ...(step.dependsOn.length ? { dependencies: step.dependsOn.map(e => e.step) } : {})
              }))
            }
          },
          ...pipeline.steps.map((step, i) => template(jobs[i], step.name))
        ]
      }
    }
  };
}

/** The files of a pipeline's export, checked (and for Argo validated) before anything is written. */
export async function exportPipeline(
  store: Store,
  pipeline: PipelineRecord,
  target: PipelineTarget,
  cluster: Partial<ClusterSettings> = {}
): Promise<PipelineExport> {
  const jobs = await stepJobs(store, pipeline, target);
  const notes = notesFor(pipeline, target);
  if (target === 'airflow') {
    const where = {
      mlnb: [process.execPath, MLNB_BIN],
      store: store.location.target,
      artifactRoot: store.artifactRoot
    };
    return {
      files: [{ name: `${pipelineDagId(pipeline)}.py`, content: airflowDag(pipeline, jobs, notes, where) }],
      notes
    };
  }
  const settings = clusterSettings(cluster);
  const hash = definitionHash(pipeline, jobs);
  const valid = await validateManifest(argoWorkflow(pipeline, jobs, settings, hash));
  const name = (valid.metadata as { name: string }).name;
  const header = [
    `# Generated by mlnb from the pipeline "${pipeline.name}" (${pipeline.id}): re-export instead of editing.`,
    ...notes.map(note => `# Not as in mlnb: ${note}.`)
  ].join('\n');
  return { files: [{ name: `${name}.cronworkflow.yaml`, content: `${header}\n${stringify(valid)}` }], notes };
}
