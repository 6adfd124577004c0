import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attemptRunner } from '../src/jobs/attempt';
import { createJob } from '../src/jobs/define';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import { createTestStore, ENGINES } from './helpers/engines';
import { MLNB_BIN, projectDir, runCli } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';

/** Polls `check` until it returns a value (not undefined), or fails after `ms`. */
async function waitFor<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 150));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise(resolve => child.once('exit', resolve));
}

describe('the scheduler in real time, with real mlnb run children', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = projectDir();
    store = await openStore({ cwd: dir, env: {} });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(ENGINES)(
    'two `mlnb scheduler` processes on one %s store fire each slot once, within 1 s of its due time',
    async engine => {
      const made = await createTestStore(engine, path.join(dir, '.mlnb'));
      const store = await openStore({ cwd: dir, env: { MLNB_STORE: made.target } });
      try {
        await twoSchedulers(store, made.target, dir);
      } finally {
        await store.close();
        await made.drop();
      }
    }
  );

  test('killing an attempt (replace) stops its mlnb run, which records the run killed', async () => {
    writeNotebook(dir, 'slow.ipynb', [code('a', 'await new Promise(r => setTimeout(r, 120_000));')]);
    const job = await createJob(store, { notebook: path.join(dir, 'slow.ipynb'), name: 'slow' });
    const started = attemptRunner({ store })({
      attemptId: 'a'.repeat(32),
      job,
      trigger: 'manual',
      slot: Date.now(),
      attempt: 1
    });
    const run = await waitFor(async () => (await store.runs.list())[0], 30_000, 'the run to start');
    started.kill('replaced by the slot at 09:01 (concurrency replace)');
    const outcome = await started.done;
    expect(outcome).toMatchObject({
      ok: false,
      error: 'replaced by the slot at 09:01 (concurrency replace)',
      runId: run.id
    });
    const recorded = (await store.runs.get(run.id))!;
    expect(recorded.status).toBe('killed');
    expect(recorded.tags['mlnb.failure']).toBe('killed: the runner was asked to stop (SIGTERM)');
  });

  test('deleting a job stops its running attempt: the run is recorded killed and `jobs run` exits 1', async () => {
    writeNotebook(dir, 'slow.ipynb', [code('a', 'await new Promise(r => setTimeout(r, 120_000));')]);
    const job = await createJob(store, { notebook: path.join(dir, 'slow.ipynb'), name: 'doomed' });
    const waiting = spawn(process.execPath, [MLNB_BIN, 'jobs', 'run', 'doomed'], {
      cwd: dir,
      env: { ...process.env, MLNB_STORE: '' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stderr = '';
    waiting.stderr!.on('data', chunk => (stderr += chunk));
    const run = await waitFor(async () => (await store.runs.list())[0], 30_000, 'the run to start');
    await waitFor(
      async () => ((await store.jobs.active(job.id))[0]?.childPid ? true : undefined),
      10_000,
      'the child pid'
    );
    const deleted = runCli(['jobs', 'delete', 'doomed'], { cwd: dir, env: { MLNB_STORE: '' } });
    expect(deleted.status).toBe(0);
    expect(await exited(waiting)).toBe(1);
    expect(stderr).toContain('the job was deleted while this attempt was under way');
    expect((await store.runs.get(run.id))!.status).toBe('killed');
    expect(fs.existsSync(path.join(store.artifactRoot, 'jobs', job.id))).toBe(false);
  });

  test('a runner process that crashes fails the attempt with the signal', async () => {
    writeNotebook(dir, 'ok.ipynb', [code('a', '1')]);
    const job = await createJob(store, { notebook: path.join(dir, 'ok.ipynb'), name: 'ok' });
    const crashing = attemptRunner({
      store,
      command: { file: process.execPath, args: ['-e', "process.kill(process.pid, 'SIGSEGV')"] }
    });
    const outcome = await crashing({
      attemptId: 'b'.repeat(32),
      job,
      trigger: 'manual',
      slot: Date.now(),
      attempt: 1
    }).done;
    expect(outcome).toMatchObject({ ok: false, runId: null, error: 'the runner crashed (SIGSEGV)' });
  });
});

/** The body of the two-schedulers test, on the store at `target` (`store` opened on it), in the workspace `dir`. */
async function twoSchedulers(store: Store, target: string, dir: string): Promise<void> {
  writeNotebook(dir, 'tick.ipynb', [code('a', 'mlnb.log({ done: 1 });')]);
  // croner's leading seconds field: a slot every 3 s keeps the test short and honest.
  const created = runCli(
    [
      'jobs',
      'create',
      'tick.ipynb',
      '--name',
      'every3s',
      '--schedule',
      '*/3 * * * * *',
      '--tz',
      'UTC',
      '--concurrency',
      'allow'
    ],
    { cwd: dir, env: { MLNB_STORE: target } }
  );
  expect(created.status).toBe(0);
  const job = (await store.jobs.get('every3s'))!;
  const schedulers = [0, 1].map(() =>
    spawn(process.execPath, [MLNB_BIN, 'scheduler'], {
      cwd: dir,
      env: { ...process.env, MLNB_STORE: target },
      stdio: 'pipe'
    })
  );
  const logs = schedulers.map(child => {
    const log = { text: '' };
    child.stdout!.on('data', chunk => (log.text += chunk));
    return log;
  });
  try {
    await waitFor(
      async () => {
        const done = (await store.jobs.history(job.id)).filter(a => a.status === 'succeeded');
        return done.length >= 3 ? done : undefined;
      },
      50_000,
      'three succeeded attempts'
    );
    await store.jobs.update(job.id, { enabled: false }, Date.now());
  } finally {
    schedulers.forEach(child => child.kill('SIGTERM'));
    await Promise.all(schedulers.map(exited));
  }

  const attempts = (await store.jobs.history(job.id)).filter(a => a.attempt >= 1);
  const slots = attempts.map(a => a.slot);
  expect(new Set(slots).size).toBe(slots.length);
  for (const attempt of attempts) {
    expect(Date.parse(attempt.startTime!) - Date.parse(attempt.slot)).toBeLessThan(1000);
  }
  const started = logs.flatMap(log => log.text.split('\n').filter(line => / start job every3s /.test(line)));
  expect(started).toHaveLength(attempts.length);
  for (const attempt of attempts.filter(a => a.status === 'succeeded')) {
    expect(await store.runs.get(attempt.runId!)).toMatchObject({
      source: 'job',
      jobId: job.id,
      status: 'finished'
    });
  }
}
