import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { registerColumns } from '../src/catalog/register';
import { createJob, isJobInputProblem, updateJob } from '../src/jobs/define';
import { Scheduler } from '../src/jobs/scheduler';
import { MIGRATIONS, postgresSql } from '../src/store/engine/migrations';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import type { JobRecord } from '../src/store/jobs/types';
import { createTestStore, ENGINES, storePerTest } from './helpers/engines';
import { code, writeNotebook } from './helpers/notebooks';
import { addJob, fakeStarter, TestClock, wallClockPast } from './helpers/scheduler';

/**
 * A job's data trigger (`--on-new-version`) in the scheduler, on both engines: real stores and
 * catalog versions, ticks driven by a test clock, attempts the test ends (jobs-trigger-cli.test.ts
 * runs the same with the CLI and real `mlnb run`s).
 */
describe.each(ENGINES)('a job on new versions of a dataset (%s store)', engine => {
  const t = storePerTest(engine, dir => ({ MLNB_ARTIFACTS: path.join(dir, 'artifacts') }));
  /**
   * The test's store with version 1 of `source`, a clock at now, fake attempts, a scheduler over
   * them (and how to make another, on another connection), and how to add versions and jobs.
   */
  const fixture = async () => {
    const { store } = t;
    const clock = new TestClock(Date.now());
    const starter = fakeStarter(clock);
    const makeScheduler = (on: Store = store) =>
      new Scheduler({ jobs: on.jobs, datasets: on.datasets, clock, startAttempt: starter.start });
    /** A new version of `source` with `rows` rows (each a new content, so a new version). */
    const register = (rows: number) => {
      const n = Array.from({ length: rows }, (_, i) => i);
      return registerColumns(store, { n }, `n\n${n.join('\n')}`, { name: 'source', createdBy: 'test' });
    };
    await register(1);
    return {
      store,
      clock,
      starter,
      makeScheduler,
      scheduler: makeScheduler(),
      register,
      /**
       * A job on new versions of `source`, created after the versions there are (even within the
       * last one's millisecond), and before any registered after this returns.
       */
      onData: async (name: string, extra: Partial<JobRecord> = {}) => {
        const createdAt = Date.now() + 1;
        const job = await addJob(store, {
          name,
          createdAt,
          schedule: null,
          onNewVersion: { dataset: 'source', debounceSeconds: 2 },
          ...extra
        });
        await wallClockPast(createdAt);
        return job;
      },
      versionsStarted: () => starter.attempts.map(a => a.context.newVersion?.version)
    };
  };

  test('a burst within the debounce starts one attempt, for the newest version, handed to it and recorded; each version once; one that arrives while it runs starts after it', async () => {
    const { store, clock, starter, scheduler, register, onData, versionsStarted } = await fixture();
    const job = await onData('on-data');
    clock.time = Date.now() + 10_000;
    await scheduler.tick();
    expect(starter.attempts).toEqual([]); // Version 1 is older than the job.

    await register(2);
    await register(3);
    clock.time = Date.now() + 500; // Within the debounce of version 3.
    await scheduler.tick();
    expect(starter.attempts).toEqual([]);
    expect(scheduler.nextWake).toBeGreaterThan(clock.now());
    clock.time = scheduler.nextWake;
    await scheduler.tick();
    await scheduler.tick();
    expect(starter.attempts.map(a => [a.context.trigger, a.context.newVersion])).toEqual([
      ['dataset', { dataset: 'source', version: 3 }]
    ]);
    expect(await store.jobs.history(job.id)).toMatchObject([
      { trigger: 'dataset', datasetVersion: 'source@3', attempt: 1, status: 'running' }
    ]);

    // Version 4 arrives while version 3's attempt runs (concurrency forbid): it waits, not skipped.
    await register(4);
    clock.time = Date.now() + 3000;
    await scheduler.tick();
    expect(versionsStarted()).toEqual([3]);
    starter.attempts[0].finish();
    await scheduler.settled();
    await scheduler.tick();
    await scheduler.tick();
    expect(versionsStarted()).toEqual([3, 4]);
    expect((await store.jobs.history(job.id)).map(a => [a.datasetVersion, a.status])).toEqual([
      ['source@4', 'running'],
      ['source@3', 'succeeded']
    ]);
  });

  test('a retry of a data-triggered attempt loads the same version', async () => {
    const { store, clock, starter, scheduler, register, onData } = await fixture();
    const job = await onData('retried', { retries: { count: 1, backoffSeconds: 1 } });
    await register(2);
    clock.time = Date.now() + 2000;
    await scheduler.tick();
    starter.attempts[0].finish({ ok: false, error: 'boom' });
    await scheduler.settled();
    clock.time += 1000;
    await scheduler.tick();
    expect(starter.attempts.map(a => [a.context.attempt, a.context.newVersion])).toEqual([
      [1, { dataset: 'source', version: 2 }],
      [2, { dataset: 'source', version: 2 }]
    ]);
    expect((await store.jobs.history(job.id)).map(a => a.datasetVersion)).toEqual(['source@2', 'source@2']);
  });

  test('two schedulers on their own connections start a version once', async () => {
    const { store, clock, makeScheduler, register, onData, versionsStarted } = await fixture();
    const job = await onData('twins', { concurrency: 'allow' }); // Only the lease keeps the second out.
    const other = await openStore({ env: { MLNB_STORE: t.target } });
    try {
      const a = makeScheduler();
      const b = makeScheduler(other);
      await register(2);
      clock.time = Date.now() + 2000;
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.tick(), b.tick()]);
      expect(versionsStarted()).toEqual([2]);
      expect((await store.jobs.history(job.id)).map(x => x.datasetVersion)).toEqual(['source@2']);
    } finally {
      await other.close();
    }
  });

  test('a paused job starts nothing, and after resuming only versions newer than the resume', async () => {
    const { store, clock, starter, scheduler, register, onData, versionsStarted } = await fixture();
    const job = await onData('paused');
    await store.jobs.update(job.id, { enabled: false }, Date.now());
    await register(2);
    clock.time = Date.now() + 2000;
    await scheduler.tick();
    const resumedAt = Date.now() + 1; // after version 2, even within its millisecond
    await store.jobs.update(job.id, { enabled: true }, resumedAt);
    clock.time = Date.now() + 2000;
    await scheduler.tick();
    expect(starter.attempts).toEqual([]);
    await wallClockPast(resumedAt);
    await register(3);
    clock.time = Date.now() + 2000;
    await scheduler.tick();
    expect(versionsStarted()).toEqual([3]);
  });

  test('a trigger on an unknown dataset is refused naming it, and nothing is stored', async () => {
    const { store } = await fixture();
    writeNotebook(t.dir, 'nb.ipynb', [code('a', '1')]);
    const notebook = path.join(t.dir, 'nb.ipynb');
    const snapshots = () => {
      const folder = path.join(store.artifactRoot, 'jobs');
      return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
    };
    const before = snapshots();
    const refused = createJob(store, { notebook, name: 'ghostly', onNewVersion: { dataset: 'ghost' } });
    await expect(refused).rejects.toThrow(/no dataset named "ghost"/);
    await expect(refused.catch(error => isJobInputProblem(error))).resolves.toBe(true);
    expect(await store.jobs.list()).toEqual([]);
    expect(snapshots()).toEqual(before);

    const job = await createJob(store, { notebook, name: 'manual' });
    await expect(updateJob(store, job, { onNewVersion: { dataset: 'ghost' } })).rejects.toThrow(/"ghost"/);
    expect((await store.jobs.get(job.id))!.onNewVersion).toBeNull();
    const changed = await updateJob(store, job, { onNewVersion: { dataset: 'source' } });
    expect(changed.onNewVersion).toEqual({ dataset: 'source', debounceSeconds: 5 });
  });
});

describe.each(ENGINES)('migration 15 on a %s store of schema 14', engine => {
  test("keeps the jobs and their attempts; they have no data trigger, and a data trigger's attempt can be stored", async () => {
    const dir = fs.mkdtempSync('/tmp/mlnb-m15-');
    const made = await createTestStore(engine, dir);
    const earlier = MIGRATIONS.filter(m => m.version <= 14);
    const rows = [
      `INSERT INTO jobs (id, name, notebook, parameters, enabled, retries, backoff_seconds, concurrency,
         starting_deadline_seconds, gates, engine, created_by, created_at, updated_at)
       VALUES ('${'a'.repeat(32)}', 'old', '{}', '{}', 1, 0, 10, 'forbid', 300, '[]', 'mlnb', 't', 1, 1)`,
      `INSERT INTO job_attempts (id, job_id, trigger, slot, attempt, status, owner_id, owner_host,
         owner_pid, created_at)
       VALUES ('${'b'.repeat(32)}', '${'a'.repeat(32)}', 'schedule', 60000, 1, 'succeeded', 'o', 'h', 1, 2)`
    ];
    if (engine === 'sqlite') {
      const db = new Database(made.target);
      for (const step of earlier) {
        db.exec(step.sql);
      }
      db.exec(`PRAGMA user_version = 14; ${rows.join(';')}`);
      db.close();
    } else {
      const client = new Client({ connectionString: made.target });
      await client.connect();
      await client.query(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
        applied_at TEXT NOT NULL)`);
      for (const step of earlier) {
        await client.query(postgresSql(step));
        await client.query(`INSERT INTO schema_migrations VALUES (${step.version}, 'x', 'x')`);
      }
      await client.query(rows.join(';'));
      await client.end();
    }
    const store = await openStore({ env: { MLNB_STORE: made.target } });
    try {
      const job = (await store.jobs.get('old'))!;
      expect(job.onNewVersion).toBeNull();
      expect(await store.jobs.history(job.id)).toMatchObject([
        { id: 'b'.repeat(32), trigger: 'schedule', status: 'succeeded', datasetVersion: null }
      ]);
      const owner = { id: 'o', host: 'h', pid: 1 };
      const attempt = {
        id: 'c'.repeat(32),
        jobId: job.id,
        trigger: 'dataset' as const,
        slot: 120_000,
        attempt: 1,
        status: 'running' as const,
        dueAt: null,
        startTime: 120_000,
        owner,
        newVersion: { dataset: 'source', version: 7 }
      };
      expect(await store.jobs.claimSlot(attempt)).toBe(true);
      expect(await store.jobs.claimSlot({ ...attempt, id: 'd'.repeat(32) })).toBe(false);
      expect(await store.jobs.lastVersion(job.id, 'source')).toBe(7);
      expect((await store.jobs.history(job.id))[0]).toMatchObject({
        trigger: 'dataset',
        datasetVersion: 'source@7'
      });
    } finally {
      await store.close();
      await made.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
