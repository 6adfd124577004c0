import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunRecorder } from '../src/capture/recorder';
import { registerFile } from '../src/catalog/register';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import { createTestDatabase, queryStore, TestStore } from './helpers/engines';
import { vegaFile } from './helpers/datasets';
import { runCli, tempDir } from './helpers/env';
import { addJob } from './helpers/scheduler';

/** Everything a user could look at in a store, read through the Store interface. */
async function contents(store: Store) {
  const summaries = await store.runs.list({ limit: 1000 });
  const jobs = await store.jobs.list();
  return {
    id: (await store.info()).id,
    runs: await Promise.all(summaries.map(r => store.runs.get(r.id))),
    search: await store.runs.search({
      filter: [],
      text: 'run',
      order: { key: { kind: 'metric', name: 'loss' }, descending: false },
      limit: 100
    }),
    datasets: await Promise.all(['weather', 'cars'].map(name => store.datasets.get(name))),
    firstVersion: await store.datasets.get('weather', 1),
    // The search index is rebuilt in the target: the same words find the same datasets.
    found: (await store.datasets.search({ query: 'seattl' })).map(hit => hit.name),
    jobs,
    history: await Promise.all(jobs.map(job => store.jobs.history(job.id))),
    // Versions, stages and the stage history, in the order they were made.
    model: await store.models.get('churn')
  };
}

describe('mlnb store copy', () => {
  let dir: string;
  let database: TestStore;
  const cli = (...args: string[]) => runCli(['store', 'copy', ...args], { cwd: dir });

  beforeEach(async () => {
    dir = tempDir();
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A workspace with runs (params, series, tags, cells, artifacts), two datasets and a job. */
  async function fill(file: string): Promise<void> {
    const store = await openStore({ env: { MLNB_STORE: file } });
    try {
      for (let i = 0; i < 3; i++) {
        const recorder = new RunRecorder({
          cwd: dir,
          source: 'batch',
          notebookPath: path.join(dir, 'train.ipynb'),
          store,
          warn: () => undefined
        });
        recorder.ensureRun(`run ${i}`);
        recorder.params({ lr: 0.1 / (i + 1), optimizer: 'adam', layers: [8, i] });
        for (let step = 0; step < 20; step++) {
          recorder.log({ loss: 1 / (step + i + 1), acc: step / 20 });
        }
        recorder.tags({ team: i % 2 ? 'fraud' : 'search' });
        fs.writeFileSync(path.join(dir, 'report.txt'), `report ${i}`);
        await recorder.artifact('report.txt');
        await recorder.finish(i === 2 ? 'failed' : 'finished');
      }
      const weather = path.join(dir, 'weather.csv');
      fs.copyFileSync(vegaFile('seattle-weather.csv'), weather);
      await registerFile(store, weather, {
        name: 'weather',
        createdBy: 'ann',
        description: 'Seattle weather',
        tags: ['demo']
      });
      fs.appendFileSync(weather, '2016-01-01,0.0,10.0,5.0,1.0,sun\n');
      await registerFile(store, weather, { name: 'weather', createdBy: 'bob' });
      await store.datasets.addNote('weather', { author: 'ann', text: 'one extra day' });
      await registerFile(store, vegaFile('cars.json'), { name: 'cars', createdBy: 'ann', tags: ['cars'] });
      const job = await addJob(store, { name: 'nightly', createdAt: Date.UTC(2026, 0, 1) });
      await store.jobs.claimSlot({
        id: 'a1',
        jobId: job.id,
        trigger: 'schedule',
        slot: Date.UTC(2026, 0, 2),
        attempt: 1,
        status: 'running',
        dueAt: null,
        startTime: Date.UTC(2026, 0, 2),
        owner: { id: 'o', host: 'h', pid: 1 }
      });
      await store.jobs.updateAttempt('a1', { status: 'succeeded', endTime: Date.UTC(2026, 0, 2, 0, 1) });
      for (const n of [1, 2]) {
        await store.models.register({
          name: 'churn',
          runId: null,
          artifact: { path: `m${n}/model`, sha256: `sha${n}`, bytes: n },
          evaluation: null,
          createdBy: 'ann'
        });
        await store.models.setStage('churn', n, { stage: 'production', by: 'ann' });
      }
    } finally {
      await store.close();
    }
  }

  const read = async (target: string) => {
    const store = await openStore({ env: { MLNB_STORE: target } });
    try {
      return await contents(store);
    } finally {
      await store.close();
    }
  };

  test('SQLite to PostgreSQL and back loses no run, metric point, dataset version, job or model version', async () => {
    const original = path.join(dir, 'original.db');
    const back = path.join(dir, 'back.db');
    await fill(original);

    const there = cli('--from', original, '--to', database.target);
    expect(there.stderr).not.toMatch(/error/i);
    expect(there.status).toBe(0);
    expect(there.stdout).toContain(
      'copied 3 runs, 120 metric points, 3 dataset versions, 2 model versions and 1 job from'
    );
    expect(there.stdout).toContain('counts and checksums match');
    expect(there.stdout).not.toContain('NO');

    const [a, b] = [await read(original), await read(database.target)];
    expect(a.runs).toHaveLength(3);
    expect(a.runs.flatMap(r => Object.values(r!.metrics).flat())).toHaveLength(120);
    expect(a.found).toEqual(['weather']);
    expect(a.model?.history).toHaveLength(3);
    expect(b).toEqual(a);

    // Written in PostgreSQL after the copy: numbered after the copied rows (each sequence moved
    // on), so the way back still finds every row once, in order.
    const team = await openStore({ env: { MLNB_STORE: database.target } });
    try {
      await team.models.setStage('churn', 2, { stage: 'archived', by: 'bob' });
      await team.datasets.addNote('weather', { author: 'bob', text: 'checked' });
    } finally {
      await team.close();
    }
    const returned = cli('--from', database.target, '--to', back);
    expect(returned.status).toBe(0);
    expect(returned.stdout).toContain('counts and checksums match');
    const [changed, c] = [await read(database.target), await read(back)];
    expect(changed.model?.history.map(h => h.by)).toEqual(['bob', 'ann', 'ann', 'ann']); // newest first
    expect(c).toEqual(changed);
  });

  test('refuses a target that is not empty, and changes nothing in it, unless --overwrite', async () => {
    const original = path.join(dir, 'original.db');
    await fill(original);
    expect(cli('--from', original, '--to', database.target).status).toBe(0);
    const other = path.join(dir, 'other.db');
    const store = await openStore({ env: { MLNB_STORE: other } });
    await store.close();

    // other.db is empty: copying it over the filled database must be refused.
    const refused = cli('--from', other, '--to', database.target);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not empty (runs,');
    expect(refused.stderr).toContain('--overwrite');
    expect((await read(database.target)).runs).toHaveLength(3);

    const replaced = cli('--from', other, '--to', database.target, '--overwrite');
    expect(replaced.status).toBe(0);
    expect((await read(database.target)).runs).toHaveLength(0);
  });

  test('a source that does not exist is refused before anything is created', () => {
    const result = cli('--from', path.join(dir, 'missing.db'), '--to', path.join(dir, 'new.db'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('There is no store at');
    expect(fs.existsSync(path.join(dir, 'new.db'))).toBe(false);
  });

  test('a PostgreSQL database with no store is refused as the source, and left without one', async () => {
    const result = cli('--from', database.target, '--to', path.join(dir, 'new.db'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('There is no store at');
    expect(fs.existsSync(path.join(dir, 'new.db'))).toBe(false);
    const tables = await queryStore(database.target, "SELECT to_regclass('schema_migrations')::text AS t");
    expect(tables).toEqual([{ t: null }]);
  });
});
