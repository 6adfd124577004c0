import type { Driver } from '../engine/driver';
import type { AffectedSet, IncidentTarget } from './types';

/**
 * Everything downstream of a target in the lineage, the target included, followed to a fixed
 * point: a dataset version → the runs that read it; a run → the dataset versions it produced, the
 * model versions registered from it, the jobs whose attempts ran it; a job → its runs. Each round
 * asks about the new nodes only, so a chain of n hops costs n rounds of a few indexed queries.
 */
export async function downstream(db: Driver, target: IncidentTarget): Promise<AffectedSet> {
  const datasets = new Set<string>();
  const runs = new Set<string>();
  const models = new Set<string>();
  const jobs = new Set<string>();
  let newDatasets: string[] = [];
  let newRuns: string[] = [];
  if (target.kind === 'dataset') {
    newDatasets = [target.ref];
  } else if (target.kind === 'run') {
    newRuns = [target.ref];
  } else if (target.kind === 'model') {
    models.add(target.ref);
  } else {
    jobs.add(target.ref);
    newRuns = (
      await db.all<{ id: string }>(
        `SELECT r.id FROM runs r JOIN jobs j ON j.id = r.job_id WHERE j.name = ?
         UNION SELECT a.run_id FROM job_attempts a JOIN jobs j ON j.id = a.job_id
           WHERE j.name = ? AND a.run_id IS NOT NULL`,
        [target.ref, target.ref]
      )
    ).map(r => r.id);
  }
  while (newDatasets.length > 0 || newRuns.length > 0) {
    newDatasets.forEach(d => datasets.add(d));
    newRuns.forEach(r => runs.add(r));
    const readers = await runsReading(db, newDatasets);
    const roundRuns = newRuns;
    for (const model of await modelsFrom(db, roundRuns)) {
      models.add(model);
    }
    for (const job of await jobsRunning(db, roundRuns)) {
      jobs.add(job);
    }
    newDatasets = (await datasetsProducedBy(db, roundRuns)).filter(d => !datasets.has(d));
    newRuns = [...new Set(readers)].filter(r => !runs.has(r));
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return { datasets: sorted(datasets), runs: sorted(runs), models: sorted(models), jobs: sorted(jobs) };
}

async function runsReading(db: Driver, versions: string[]): Promise<string[]> {
  if (versions.length === 0) {
    return [];
  }
  const dataset = db.oneOf('dataset', versions);
  const rows = await db.all<{ run_id: string }>(
    `SELECT DISTINCT run_id FROM run_data_refs WHERE role = 'input' AND ${dataset.sql}`,
    dataset.params
  );
  return rows.map(r => r.run_id);
}

async function datasetsProducedBy(db: Driver, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) {
    return [];
  }
  const producer = db.oneOf('v.produced_by', runIds);
  const registered = await db.all<{ name: string; version: number }>(
    `SELECT d.name, v.version FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
     WHERE ${producer.sql}`,
    producer.params
  );
  // A run may also name a catalog version it wrote without registering it there itself.
  const writer = db.oneOf('run_id', runIds);
  const written = await db.all<{ dataset: string }>(
    `SELECT DISTINCT dataset FROM run_data_refs WHERE role = 'output' AND dataset LIKE '%@%' AND ${writer.sql}`,
    writer.params
  );
  return [...new Set([...registered.map(r => `${r.name}@${r.version}`), ...written.map(w => w.dataset)])];
}

async function modelsFrom(db: Driver, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) {
    return [];
  }
  const run = db.oneOf('run_id', runIds);
  const rows = await db.all<{ model_name: string; version: number }>(
    `SELECT model_name, version FROM model_versions WHERE ${run.sql}`,
    run.params
  );
  return rows.map(r => `${r.model_name}@${r.version}`);
}

async function jobsRunning(db: Driver, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) {
    return [];
  }
  const run = db.oneOf('r.id', runIds);
  const attempt = db.oneOf('a.run_id', runIds);
  const rows = await db.all<{ name: string }>(
    `SELECT j.name FROM runs r JOIN jobs j ON j.id = r.job_id WHERE ${run.sql}
     UNION SELECT j.name FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE ${attempt.sql}`,
    [...run.params, ...attempt.params]
  );
  return rows.map(r => r.name);
}

/**
 * Everything upstream of some model versions and runs, the roots included: the runs that made
 * the models, the dataset versions those runs read, the runs that produced those versions, and
 * so on; the jobs that ran any of those runs. What gc must keep for a production model.
 */
export async function upstream(
  db: Driver,
  roots: { models: string[]; runs: string[] }
): Promise<AffectedSet> {
  const datasets = new Set<string>();
  const runs = new Set<string>();
  const jobs = new Set<string>();
  const models = new Set(roots.models);
  let newRuns = [...roots.runs];
  for (const ref of roots.models) {
    const [name, version] = [ref.slice(0, ref.lastIndexOf('@')), Number(ref.slice(ref.lastIndexOf('@') + 1))];
    const row = await db.get<{ run_id: string | null }>(
      'SELECT run_id FROM model_versions WHERE model_name = ? AND version = ?',
      [name, version]
    );
    if (row?.run_id) {
      newRuns.push(row.run_id);
    }
  }
  while (newRuns.length > 0) {
    newRuns = [...new Set(newRuns)].filter(r => !runs.has(r));
    newRuns.forEach(r => runs.add(r));
    if (newRuns.length === 0) {
      break;
    }
    const run = db.oneOf('run_id', newRuns);
    const read = await db.all<{ dataset: string }>(
      `SELECT DISTINCT dataset FROM run_data_refs WHERE role = 'input' AND dataset LIKE '%@%' AND ${run.sql}`,
      run.params
    );
    const fresh = read.map(r => r.dataset).filter(d => !datasets.has(d));
    fresh.forEach(d => datasets.add(d));
    for (const job of await jobsRunning(db, newRuns)) {
      jobs.add(job);
    }
    newRuns = await producersOf(db, fresh);
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return { datasets: sorted(datasets), runs: sorted(runs), models: sorted(models), jobs: sorted(jobs) };
}

async function producersOf(db: Driver, versions: string[]): Promise<string[]> {
  const producers: string[] = [];
  for (const ref of versions) {
    const at = ref.lastIndexOf('@');
    const row = await db.get<{ produced_by: string | null }>(
      `SELECT v.produced_by FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
       WHERE d.name = ? AND v.version = ?`,
      [ref.slice(0, at), Number(ref.slice(at + 1))]
    );
    if (row?.produced_by) {
      producers.push(row.produced_by);
    }
  }
  return producers;
}
