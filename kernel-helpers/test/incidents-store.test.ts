import * as path from 'node:path';
import { parseGate } from '../src/jobs/gates';
import { gateRun } from '../src/jobs/attempt';
import { resolveTarget } from '../src/incidents/target';
import { promoteModel } from '../src/models/stages';
import { openStore } from '../src/store/engine/open';
import { ENGINES, storePerTest } from './helpers/engines';
import { runCli, withTempDir } from './helpers/env';
import { addDataset, addRun, buildLineage, openIncident, readBy } from './helpers/lineage-graph';
import { code, writeNotebook } from './helpers/notebooks';

/** Incidents through the lineage, on both engines. */
describe.each(ENGINES)('incidents in a %s store', engine => {
  const t = storePerTest(engine);

  test('an incident on a dataset version marks the runs, the produced dataset, the model and the job two hops downstream, not the rest', async () => {
    const l = await buildLineage(t.store, t.dir);
    const incident = await t.store.incidents.open({
      title: 'labels shifted by one row',
      target: await resolveTarget(t.store, l.raw),
      by: 'ada',
      note: 'found by the nightly check'
    });
    expect(incident).toMatchObject({
      target: { kind: 'dataset', ref: 'raw@1' },
      status: 'open',
      notes: [{ by: 'ada', text: 'found by the nightly check' }]
    });
    expect(incident.affected).toEqual({
      datasets: ['features@1', 'raw@1'],
      runs: [l.prepare, l.train].sort(),
      models: ['churn@1'],
      jobs: ['nightly']
    });
    // A run that reads the affected version after the incident was opened is affected too.
    const later = await addRun(t.store);
    await readBy(t.store, later, l.features);
    expect((await t.store.incidents.get(incident.id))!.affected.runs).toContain(later);
  });

  test('the no-open-incidents gate refuses a run whose inputs are affected, and passes once the incident is resolved', async () => {
    const l = await buildLineage(t.store, t.dir);
    const incident = await openIncident(t.store, 'bad join', { kind: 'dataset', ref: l.raw });
    const gates = [parseGate('no-open-incidents')];
    const refused = await gateRun(t.store, l.train, gates);
    expect(refused.failure).toBe(
      `gate "no-open-incidents" failed: its inputs (features@1) are affected by open incident ${incident.id} "bad join"`
    );
    expect((await t.store.runs.get(l.train))!.status).toBe('failed');
    expect((await gateRun(t.store, l.unrelated, gates)).failure).toBeNull();

    const resolved = await t.store.incidents.resolve(incident.id, 'bob', 'raw@2 fixes it');
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'bob' });
    expect(resolved.notes.map(n => n.text)).toEqual(['raw@2 fixes it']);
    const retried = await addRun(t.store, { jobId: l.job.id, source: 'job' });
    await readBy(t.store, retried, l.features);
    expect((await gateRun(t.store, retried, gates)).failure).toBeNull();
  });

  test('an affected model version goes to production only with --force, and the force is recorded', async () => {
    const l = await buildLineage(t.store, t.dir);
    const incident = await openIncident(t.store, 'leak', { kind: 'run', ref: l.prepare });
    await expect(promoteModel(t.store, l.churn, { stage: 'production', by: 'ada' })).rejects.toThrow(
      `churn@1 is affected by open incident ${incident.id} "leak", so it does not go to production.`
    );
    expect((await t.store.models.version('churn', 1))!.stage).toBe('none');
    // Staging is where a suspect version may still be looked at.
    await promoteModel(t.store, l.churn, { stage: 'staging', by: 'ada' });
    const [change] = await promoteModel(t.store, l.churn, { stage: 'production', by: 'ada', force: true });
    expect(change).toMatchObject({
      to: 'production',
      forced: true,
      reason: `forced past open incident ${incident.id}`
    });
    expect((await t.store.models.get('churn'))!.history[0]).toMatchObject({ forced: true });
    // An unaffected model needs no force.
    await expect(promoteModel(t.store, l.fraud, { stage: 'production', by: 'ada' })).resolves.toHaveLength(1);
  });

  test('a job target affects its runs and what they made; a model target only itself', async () => {
    const l = await buildLineage(t.store, t.dir);
    const onJob = await openIncident(t.store, 'j', await resolveTarget(t.store, 'nightly'), 'a');
    expect(onJob.affected).toEqual({ datasets: [], runs: [l.train], models: ['churn@1'], jobs: ['nightly'] });
    const onModel = await openIncident(t.store, 'm', await resolveTarget(t.store, 'model:fraud@1'), 'a');
    expect(onModel.affected).toEqual({ datasets: [], runs: [], models: ['fraud@1'], jobs: [] });
    expect((await t.store.incidents.list('open')).map(i => i.id).sort()).toEqual(
      [onJob.id, onModel.id].sort()
    );
  });

  test('bad input changes nothing: an unknown target, an ambiguous name, resolving twice', async () => {
    const l = await buildLineage(t.store, t.dir);
    await expect(resolveTarget(t.store, 'nosuch@3')).rejects.toThrow('"nosuch@3" names no dataset version');
    await t.store.models.register({
      name: 'raw',
      runId: l.prepare,
      artifact: { path: 'x', sha256: 'e'.repeat(64), bytes: 1 },
      evaluation: null,
      createdBy: 'a'
    });
    await expect(resolveTarget(t.store, 'raw@1')).rejects.toThrow(
      '"raw@1" names a dataset and a model: write dataset:raw@1 or model:raw@1.'
    );
    const incident = await openIncident(t.store, 't', { kind: 'dataset', ref: 'raw@1' }, 'a');
    await t.store.incidents.resolve(incident.id, 'a');
    await expect(t.store.incidents.resolve(incident.id, 'b', 'again')).rejects.toThrow(
      `Incident ${incident.id} was resolved already`
    );
    const after = (await t.store.incidents.get(incident.id))!;
    expect(after).toMatchObject({ status: 'resolved', resolvedBy: 'a', notes: [] });
    expect(await t.store.incidents.list('open')).toEqual([]);
  });
});

test('mlnb run --gate no-open-incidents (what every job attempt runs) fails a notebook that read an affected version', () =>
  withTempDir(async dir => {
    const env = { MLNB_STORE: path.join(dir, 'store.db') };
    const store = await openStore({ env });
    const raw = await addDataset(store, dir, 'raw', '1,2\n3,4');
    const incident = await openIncident(store, 'rows swapped', { kind: 'dataset', ref: raw });
    await store.close();
    writeNotebook(dir, 'score.ipynb', [
      code('c1', "const rows = await mlnb.catalog.load('raw@1');\nconsole.log('read');")
    ]);
    const refused = runCli(['run', 'score.ipynb', '--gate', 'no-open-incidents'], { cwd: dir, env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `gate "no-open-incidents" failed: its inputs (raw@1) are affected by open incident ${incident.id} "rows swapped"`
    );
    // The run is recorded, and failed by its gate (resolving it is the store test's above).
    const runs = JSON.parse(runCli(['runs', 'list', '--json'], { cwd: dir, env }).stdout);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['failed']);
  }));
