import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureStaticEnvironment } from '../../src/capture/environment';
import { registerFile } from '../../src/catalog/register';
import type { Store } from '../../src/store/engine/store';
import type { IncidentRecord, IncidentTarget } from '../../src/store/incidents/types';
import type { NewRun } from '../../src/store/runs/types';
import { addJob } from './scheduler';

/** A run stored directly, as a kernel would record it. */
export async function addRun(store: Store, fields: Partial<NewRun> = {}): Promise<string> {
  const id = randomUUID().replace(/-/g, '');
  await store.runs.create({
    id,
    experiment: 'lineage',
    name: id.slice(0, 6),
    source: 'interactive',
    jobId: null,
    user: 'ada',
    host: 'test-host',
    pid: 1,
    startTime: Date.now(),
    code: { git: null, notebook: null },
    environment: captureStaticEnvironment(),
    ...fields
  });
  await store.runs.update(id, { status: 'finished', endTime: Date.now() });
  return id;
}

/** A CSV file registered in the catalog as the next version of `name`. */
export async function addDataset(
  store: Store,
  dir: string,
  name: string,
  rows: string,
  producedBy: string | null = null
): Promise<string> {
  const file = path.join(dir, `${name}-${randomUUID().slice(0, 8)}.csv`);
  fs.writeFileSync(file, `x,y\n${rows}\n`);
  const { record } = await registerFile(store, file, { name, createdBy: 'ada', producedBy });
  return `${record.name}@${record.version}`;
}

export const readBy = (store: Store, runId: string, dataset: string, sha256: string | null = null) =>
  store.runs.addDataRef(runId, { uri: `catalog:${dataset}`, dataset, sha256, role: 'input', rows: 2 });

/** A finished attempt of a job, ended `endedAgo` ms ago, that ran `runId`. */
export async function addAttempt(
  store: Store,
  jobId: string,
  status: 'succeeded' | 'failed',
  runId: string | null = null,
  endedAgo = 0
): Promise<string> {
  const id = randomUUID().replace(/-/g, '');
  const end = Date.now() - endedAgo;
  await store.jobs.addAttempt({
    id,
    jobId,
    trigger: 'manual',
    slot: Math.floor(Math.random() * 1e9),
    attempt: 1,
    status,
    dueAt: end - 1000,
    startTime: end - 1000,
    endTime: end,
    owner: { id: 'test', host: 'test-host', pid: 1 }
  });
  if (runId) {
    await store.jobs.updateAttempt(id, { runId });
  }
  return id;
}

export async function addModel(store: Store, name: string, runId: string): Promise<string> {
  const v = await store.models.register({
    name,
    runId,
    artifact: { path: `${runId}/model`, sha256: 'f'.repeat(64), bytes: 10 },
    evaluation: null,
    createdBy: 'ada'
  });
  return `${v.name}@${v.version}`;
}

/**
 * A small lineage two hops deep:
 *   raw@1 ─read by→ prepare ─produced→ features@1 ─read by→ train (a run of job "nightly") ─registered→ churn@1
 *   other@1 ─read by→ unrelated ─registered→ fraud@1
 */
export async function buildLineage(store: Store, dir: string) {
  const raw = await addDataset(store, dir, 'raw', '1,2\n3,4');
  const other = await addDataset(store, dir, 'other', '5,6\n7,8');
  const prepare = await addRun(store);
  await readBy(store, prepare, raw);
  const features = await addDataset(store, dir, 'features', '1,0\n3,1', prepare);
  const job = await addJob(store, { name: 'nightly', createdAt: Date.now() });
  const train = await addRun(store, { source: 'job', jobId: job.id });
  await readBy(store, train, features);
  const churn = await addModel(store, 'churn', train);
  const unrelated = await addRun(store);
  await readBy(store, unrelated, other);
  const fraud = await addModel(store, 'fraud', unrelated);
  return { raw, other, prepare, features, job, train, churn, unrelated, fraud };
}

/** An incident opened on `target` (resolved already), by ada unless `by` says who. */
export function openIncident(
  store: Store,
  title: string,
  target: IncidentTarget,
  by = 'ada'
): Promise<IncidentRecord> {
  return store.incidents.open({ title, target, by });
}
