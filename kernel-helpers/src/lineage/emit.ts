import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '../store/engine/store';
import { runDatasets } from '../catalog/run-datasets';
import type { ModelVersionRecord } from '../store/models/types';
import type { RunRecord } from '../store/runs/types';
import { LineageConfig, lineageConfig } from './config';
import { EventContext, eventTypeOf, LineageEventType, RunEvent, runEvent } from './event';
import { Outbox } from './outbox';

/** The backlog's folder: `MLNB_OPENLINEAGE_OUTBOX`, else `lineage/` beside the artifacts. */
export function outboxFor(store: Store, env: NodeJS.ProcessEnv = process.env): Outbox {
  const configured = env.MLNB_OPENLINEAGE_OUTBOX?.trim();
  return new Outbox(
    configured ? path.resolve(configured) : path.join(path.dirname(store.artifactRoot), 'lineage')
  );
}

/**
 * Emits the run's START event, or (no `type`) the event its recorded status says: COMPLETE,
 * FAIL or ABORT. Does nothing unless MLNB_OPENLINEAGE_URL or MLNB_OPENLINEAGE_FILE is set, and
 * never throws: a lineage problem is a warning, never a failed run. An event the receiver cannot
 * take now stays in the backlog (`mlnb lineage status|flush`).
 */
export async function emitRunEvent(
  store: Store,
  runId: string,
  type?: LineageEventType,
  warn: (message: string) => void = message => process.stderr.write(`${message}\n`),
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  const config = lineageConfig(env);
  if (!config) {
    return;
  }
  try {
    const run = await store.runs.get(runId);
    if (!run) {
      return;
    }
    const eventType = type ?? eventTypeOf(run.status);
    const event = runEvent(eventType, run, await eventContext(store, run, eventType, config, env));
    await deliver(store, event, config, warn, env);
  } catch (error) {
    warn(`mlnb: the OpenLineage event of run ${runId} was not emitted: ${(error as Error).message}`);
  }
}

async function deliver(
  store: Store,
  event: RunEvent,
  config: LineageConfig,
  warn: (message: string) => void,
  env: NodeJS.ProcessEnv
): Promise<void> {
  if (config.file) {
    fs.mkdirSync(path.dirname(config.file), { recursive: true });
    fs.appendFileSync(config.file, JSON.stringify(event) + '\n');
  }
  if (config.url) {
    const outbox = outboxFor(store, env);
    outbox.add(event);
    const result = await outbox.flush(config.url, config.apiKey, warn);
    if (result.stopped) {
      warn(
        `mlnb: OpenLineage: ${result.stopped}; ${result.pending} event(s) wait in ${outbox.dir} (mlnb lineage flush)`
      );
    }
  }
}

async function eventContext(
  store: Store,
  run: RunRecord,
  type: LineageEventType,
  config: LineageConfig,
  env: NodeJS.ProcessEnv
): Promise<EventContext> {
  const job = run.jobId ? await store.jobs.get(run.jobId) : undefined;
  const nominalTime = run.jobId ? env.MLNB_NOMINAL_TIME?.trim() || null : null;
  return {
    namespace: config.namespace,
    job: job ? { id: job.id, name: job.name } : null,
    nominalTime,
    parent: parentOf(run, job?.name ?? null, nominalTime, config, env),
    datasets: await runDatasets(store, run),
    // Model versions are registered during or after the run: the run's end says which it made.
    models: type === 'START' ? [] : await modelsOf(store, run.id)
  };
}

/** The engine run that started this one: an Airflow DAG run, else the mlnb job's scheduled slot. */
function parentOf(
  run: RunRecord,
  jobName: string | null,
  nominalTime: string | null,
  config: LineageConfig,
  env: NodeJS.ProcessEnv
): EventContext['parent'] {
  if (env.AIRFLOW_CTX_DAG_ID && env.AIRFLOW_CTX_DAG_RUN_ID) {
    return {
      namespace: env.MLNB_OPENLINEAGE_AIRFLOW_NAMESPACE?.trim() || config.namespace,
      name: env.AIRFLOW_CTX_DAG_ID,
      runKey: `airflow:${env.AIRFLOW_CTX_DAG_ID}:${env.AIRFLOW_CTX_DAG_RUN_ID}`
    };
  }
  if (!run.jobId || !jobName) {
    return null;
  }
  // Retries of one slot share their parent, as an Airflow task's tries share the DAG run.
  const slot = nominalTime ?? env.MLNB_ATTEMPT_ID?.trim() ?? run.id;
  return { namespace: config.namespace, name: jobName, runKey: `mlnb-job:${run.jobId}:${slot}` };
}

async function modelsOf(store: Store, runId: string): Promise<ModelVersionRecord[]> {
  const made: ModelVersionRecord[] = [];
  for (const summary of await store.models.list()) {
    const model = await store.models.get(summary.name);
    made.push(...(model?.versions.filter(v => v.runId === runId) ?? []));
  }
  return made;
}
