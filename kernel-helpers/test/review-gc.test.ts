import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectGarbage, removable, reviewDead } from '../src/review/review';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import { ENGINES, storePerTest } from './helpers/engines';
import { expectUsageError, runCli, withTempDir } from './helpers/env';
import {
  addAttempt,
  addDataset,
  addModel,
  addRun,
  buildLineage,
  openIncident,
  readBy
} from './helpers/lineage-graph';
import { addJob } from './helpers/scheduler';

/** Everything is "old" for a review that looks a minute ahead with --older-than 0d. */
const AHEAD = () => ({ olderThanDays: 0, now: Date.now() + 60_000 });

/** The production lineage, what an open incident touches, and dead things besides. */
async function buildStore(store: Store, dir: string) {
  const l = await buildLineage(store, dir);
  await store.models.setStage('churn', 1, { stage: 'production', by: 'ada' });
  // The job that trains the production model is paused: dead-looking, but the model needs it.
  await store.jobs.update(l.job.id, { enabled: false }, Date.now());
  // logs@1 was superseded and nobody read it; logs@2 was.
  await addDataset(store, dir, 'logs', '5,6');
  const logs2 = await addDataset(store, dir, 'logs', '5,6\n7,9');
  const reader = await addRun(store);
  await readBy(store, reader, logs2);
  await store.runs.logMetrics(reader, [{ key: 'rows', value: 2, step: 0, time: Date.now() }]);
  const scratch = await addDataset(store, dir, 'scratch', '0,0');
  const empty = await addRun(store);
  // A run without metrics that read what an open incident affects stays as evidence.
  const suspect = await addRun(store);
  await readBy(store, suspect, l.other);
  const incident = await openIncident(store, 'bad other', { kind: 'dataset', ref: l.other });
  const stale = await addJob(store, { name: 'stale', createdAt: Date.now(), enabled: false });
  const failing = await addJob(store, { name: 'failing', createdAt: Date.now() });
  await addAttempt(store, failing.id, 'failed');
  const orphan = path.join(store.artifactRoot, 'f'.repeat(32));
  fs.mkdirSync(orphan, { recursive: true });
  fs.writeFileSync(path.join(orphan, 'model.json'), '{}');
  return { ...l, reader, scratch, empty, suspect, incident, stale, failing, orphan };
}

describe.each(ENGINES)('review and gc on a %s store', engine => {
  const t = storePerTest(engine, dir => ({ MLNB_ARTIFACTS: path.join(dir, 'artifacts') }));

  test('the review lists what is dead and says what keeps each; gc removes only what nothing keeps, recording each', async () => {
    const s = await buildStore(t.store, t.dir);
    const report = await reviewDead(t.store, { ...AHEAD(), workspace: t.dir });
    const byRef = new Map(report.findings.map(f => [`${f.kind} ${f.ref}`, f.keptBy]));
    expect(byRef.get('job-paused nightly')).toBe('production model churn@1');
    expect(byRef.get(`run-without-metrics ${s.suspect}`)).toBe(`open incident ${s.incident.id}`);
    expect(byRef.get('job-failing failing')).toMatch(/^listed for a person/);
    expect(byRef.get('model-never-promoted fraud@1')).toMatch(/^listed for a person/);
    const expected = [
      'dataset-never-loaded scratch',
      `orphan-artifact ${'f'.repeat(32)}`,
      `run-without-metrics ${s.empty}`,
      'job-paused stale',
      'version-never-read logs@1'
    ].sort();
    expect(
      removable(report)
        .map(f => `${f.kind} ${f.ref}`)
        .sort()
    ).toEqual(expected);

    const { removed } = await collectGarbage(t.store, { ...AHEAD(), workspace: t.dir, by: 'ada' });
    expect(removed.map(f => `${f.kind} ${f.ref}`).sort()).toEqual(expected);
    expect((await t.store.review.removals()).map(r => `${r.kind} ${r.ref} ${r.by}`).sort()).toEqual(
      expected.map(e => `${e} ada`).sort()
    );
    expect(await t.store.datasets.get('scratch')).toBeNull();
    expect(await t.store.datasets.get('logs', 1)).toBeNull();
    expect(await t.store.datasets.get('logs', 2)).not.toBeNull();
    expect(await t.store.runs.get(s.empty)).toBeUndefined();
    expect(await t.store.jobs.get('stale')).toBeUndefined();
    expect(fs.existsSync(s.orphan)).toBe(false);
    // Everything the production model was made from is still there, and what the incident holds.
    const lineage = await t.store.incidents.upstream({ models: ['churn@1'], runs: [] });
    expect(lineage.runs.sort()).toEqual([s.prepare, s.train].sort());
    for (const run of [...lineage.runs, s.suspect]) {
      expect(await t.store.runs.get(run)).toBeDefined();
    }
    for (const ref of lineage.datasets) {
      const [name, version] = ref.split('@');
      expect(await t.store.datasets.get(name, Number(version))).not.toBeNull();
    }
    expect(await t.store.jobs.get('nightly')).toBeDefined();
    expect((await t.store.models.version('churn', 1))!.stage).toBe('production');
    // A second gc finds nothing more to remove.
    expect((await collectGarbage(t.store, { ...AHEAD(), workspace: t.dir, by: 'ada' })).removed).toEqual([]);
  });

  test('a run that gets a metric between the review and its removal is left whole (the DELETE checks again)', async () => {
    const run = await addRun(t.store);
    const [finding] = removable(await reviewDead(t.store, { ...AHEAD(), workspace: t.dir }));
    expect(finding).toMatchObject({ kind: 'run-without-metrics', ref: run });
    // Another process logs to it meanwhile.
    await t.store.runs.logMetrics(run, [{ key: 'loss', value: 0.3, step: 1, time: Date.now() }]);
    await t.store.runs.addDataRef(run, {
      uri: 'file:///x',
      dataset: null,
      sha256: null,
      role: 'input',
      rows: 1
    });
    expect(await t.store.review.remove(finding, 'ada', Date.now() + 60_000)).toBe(false);
    const kept = (await t.store.runs.get(run))!;
    expect(Object.keys(kept.metrics)).toEqual(['loss']);
    expect(kept.dataRefs).toHaveLength(1);
    expect(await t.store.review.removals()).toEqual([]);
  });
});

test('mlnb gc lists and removes nothing without --yes; a bad --older-than is a usage error', () =>
  withTempDir(async dir => {
    const env = { MLNB_STORE: path.join(dir, 'store.db') };
    const store = await openStore({ env });
    const run = await addRun(store);
    await addModel(store, 'kept', run);
    const empty = await addRun(store);
    await store.close();
    const dry = runCli(['gc', '--older-than', '0d'], { cwd: dir, env });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`run-without-metrics  ${empty}`);
    expect(dry.stdout).toContain(
      'dry run: 1 would be removed; nothing was. Run mlnb gc --yes to remove them.'
    );
    const review = runCli(['review', '--older-than', '0d', '--json'], { cwd: dir, env });
    expect(
      JSON.parse(review.stdout)
        .findings.map((f: { kind: string }) => f.kind)
        .sort()
    ).toEqual(['model-never-promoted', 'run-without-metrics']);
    const reopened = await openStore({ env });
    expect(await reopened.runs.get(empty)).toBeDefined();
    await reopened.close();
    const done = runCli(['gc', '--older-than', '0d', '--yes'], { cwd: dir, env });
    expect(done.stdout).toContain('removed 1 (recorded in the store)');
    for (const bad of ['soon', '-3d', '90y']) {
      expectUsageError(
        runCli(['review', '--older-than', bad], { cwd: dir, env }),
        'write a number of days (90d) or weeks (12w)'
      );
    }
  }));
