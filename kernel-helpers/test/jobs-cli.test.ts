import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../src/store/engine/open';
import { projectDir, runCli } from './helpers/env';
import { code, HOSTILE, writeNotebook } from './helpers/notebooks';
import { expectFollowsSchema } from './helpers/schemas';

const TRAIN = [
  code('params', "const acc = 0.9;\nconst label = 'base';", ['parameters']),
  code('train', 'mlnb.log({ val_acc: acc });\nconsole.log(`trained ${label}`);')
];

describe('mlnb jobs (CLI end to end, real mlnb run children)', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
  const withStore = async <T>(use: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>) => {
    const store = await openStore({ cwd: dir, env: {} });
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };

  beforeEach(() => {
    dir = projectDir(); // A workspace: the store is .mlnb/store.db here.
    writeNotebook(dir, 'train.ipynb', TRAIN);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('create + run: the attempt is a tracked job run with the typed parameters and its executed notebook kept', async () => {
    const created = cli(
      'jobs',
      'create',
      'train.ipynb',
      '--name',
      'nightly',
      '--schedule',
      '0 3 * * *',
      '--tz',
      'Europe/Berlin',
      '-p',
      'acc=0.95',
      '-p',
      `label=${HOSTILE}`,
      '--gate',
      'val_acc >= 0.8',
      '--json'
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const job = JSON.parse(created.stdout);
    expectFollowsSchema('job', job);
    expect(job).toMatchObject({
      name: 'nightly',
      schedule: { cron: '0 3 * * *', timezone: 'Europe/Berlin' },
      parameters: { acc: { type: 'number', value: 0.95 }, label: { type: 'string', value: HOSTILE } },
      notebook: { path: 'train.ipynb', snapshot: `jobs/${job.id}/train.ipynb` }
    });

    const ran = cli('jobs', 'run', 'nightly');
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const runId = ran.stdout.trim();
    await withStore(async store => {
      const run = (await store.runs.get(runId))!;
      expect(run).toMatchObject({
        source: 'job',
        jobId: job.id,
        status: 'finished',
        experiment: 'train.ipynb'
      });
      expect(run.params.acc).toEqual({ type: 'number', value: 0.95 });
      expect(run.params.label).toEqual({ type: 'string', value: HOSTILE });
      const [attempt] = await store.jobs.history(job.id);
      expect(attempt).toMatchObject({ status: 'succeeded', trigger: 'manual', attempt: 1, runId });
      expect(attempt.gateResults).toEqual([
        { gate: 'val_acc >= 0.8', ok: true, observed: 0.95, reason: null }
      ]);
      expectFollowsSchema('job', attempt, 'attempt');
      const executed = JSON.parse(
        fs.readFileSync(path.join(store.artifactRoot, attempt.executedNotebook!), 'utf8')
      );
      expect(executed.cells[2].outputs).toEqual([
        { output_type: 'stream', name: 'stdout', text: `trained ${HOSTILE}\n` }
      ]);
    });
    expect(cli('jobs', 'list').stdout).toMatch(
      /nightly\s+enabled\s+mlnb\s+0 3 \* \* \* Europe\/Berlin\s+\S+ \S+\s+succeeded/
    );
  });

  test('a failing metric gate fails the run: exit 1 with the gate and the observed value', async () => {
    expect(
      cli('jobs', 'create', 'train.ipynb', '--name', 'gated', '-p', 'acc=0.62', '--gate', 'val_acc >= 0.8')
        .status
    ).toBe(0);
    const ran = cli('jobs', 'run', 'gated');
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain(
      'attempt 1 failed: gate "val_acc >= 0.8" failed: observed 0.62, needs >= 0.8'
    );
    await withStore(async store => {
      const [run] = await store.runs.list();
      expect(run.status).toBe('failed');
      expect((await store.runs.get(run.id))!.tags['mlnb.failure']).toContain('observed 0.62');
    });
  });

  test.each([
    [['--schedule', '0 6 * * 9'], 'has an invalid day of week field: "9"'],
    [['--schedule', '*/5 24 * * *'], 'has an invalid hour field: "24"'],
    [['--schedule', '0 6 * * *', '--tz', 'Mars/Olympus'], 'Unknown time zone "Mars/Olympus"'],
    [
      ['-p', 'epochs=3'],
      '-p epochs: the notebook declares no parameter "epochs". Its parameters: acc, label.'
    ],
    [['-p', 'acc=high'], '-p acc=high: "acc" is a number parameter (e.g. acc=0.9).'],
    [['--gate', 'val_acc >= good'], 'Gate "val_acc >= good": the threshold "good" after >= is not a number.'],
    [['--name', '../etc'], 'The job name "../etc" is not valid'],
    // The engines' own limits: no seconds field, a known time zone, a known engine.
    [
      ['--engine', 'airflow', '--schedule', '*/10 * * * * *', '--tz', 'UTC'],
      'The airflow engine takes a cron of 5 fields'
    ],
    [
      ['--engine', 'argo', '--schedule', '*/10 * * * * *', '--tz', 'UTC'],
      'The argo engine takes a cron of 5 fields'
    ],
    [
      ['--engine', 'kubernetes', '--schedule', '0 6 * * 5L', '--tz', 'UTC'],
      'The kubernetes engine\'s cron has no L, W or # (the field "5L"'
    ],
    [
      ['--engine', 'airflow', '--schedule', '0 6 * * *', '--tz', 'Europe/Atlantis'],
      'Unknown time zone "Europe/Atlantis"'
    ],
    [['--engine', 'cron.d'], 'engine must be one of mlnb, airflow, kubernetes, argo; got "cron.d"']
  ])('refuses %j with exit code 2 and stores nothing', (args, message) => {
    const result = cli('jobs', 'create', 'train.ipynb', '--name', 'bad', ...args);
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
    expect(cli('jobs', 'list', '--json').stdout.trim()).toBe('[]');
    const snapshots = path.join(dir, '.mlnb', 'artifacts', 'jobs');
    expect(fs.existsSync(snapshots) ? fs.readdirSync(snapshots) : []).toEqual([]);
  });

  test('a job owned by another engine: set with --engine, changed with jobs update; bad engines and seconds crons are refused', () => {
    const storeFiles = () => fs.readdirSync(path.join(dir, '.mlnb', 'artifacts', 'jobs'));
    const created = cli('jobs', 'create', 'train.ipynb', '--name', 'af', '--engine', 'airflow', '--json');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout).engine).toBe('airflow');
    expect(cli('jobs', 'list').stdout).toMatch(/af\s+enabled\s+airflow\s+manual/);

    const unknown = cli('jobs', 'create', 'train.ipynb', '--name', 'x', '--engine', 'cron');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('engine must be one of mlnb, airflow, kubernetes, argo; got "cron"');
    const seconds = ['--schedule', '*/10 * * * * *', '--tz', 'UTC'];
    const withSeconds = cli(
      'jobs',
      'create',
      'train.ipynb',
      '--name',
      'y',
      '--engine',
      'kubernetes',
      ...seconds
    );
    expect(withSeconds.status).toBe(2);
    expect(withSeconds.stderr).toContain('The kubernetes engine takes a cron of 5 fields');
    expect(storeFiles()).toHaveLength(1);

    expect(cli('jobs', 'create', 'train.ipynb', '--name', 'sec', ...seconds).status).toBe(0);
    const toAirflow = cli('jobs', 'update', 'sec', '--engine', 'airflow');
    expect(toAirflow.status).toBe(2);
    expect(toAirflow.stderr).toContain('has a seconds field');
    const moved = cli('jobs', 'update', 'af', '--engine', 'argo', '--json');
    expect(moved.status).toBe(0);
    const jobs = JSON.parse(cli('jobs', 'list', '--json').stdout);
    expect(jobs.map((j: { name: string; engine: string }) => [j.name, j.engine])).toEqual([
      ['af', 'argo'],
      ['sec', 'mlnb']
    ]);
  });

  test('mlnb scheduler --systemd-unit prints a unit systemd accepts, pinned to this store', () => {
    const printed = cli('scheduler', '--systemd-unit');
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain(`Environment="MLNB_STORE=${path.join(dir, '.mlnb', 'store.db')}"`);
    expect(printed.stdout).toMatch(/^ExecStart="[^"]+node" "[^"]+bin\/mlnb.js" scheduler$/m);
    const unit = path.join(dir, 'mlnb-scheduler.service');
    fs.writeFileSync(unit, printed.stdout);
    const verified = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(verified.error).toBeUndefined(); // systemd-analyze is part of Debian's systemd
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
  });

  test('a notebook on another kernel is refused', () => {
    writeNotebook(dir, 'py.ipynb', [code('a', 'print(1)')], 'python3');
    const result = cli('jobs', 'create', 'py.ipynb', '--name', 'py');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('runs on the kernel "python3", not "mlnb"');
  });

  test('a job name that exists is refused, and the existing job is kept as it was', () => {
    expect(cli('jobs', 'create', 'train.ipynb', '--name', 'daily', '-p', 'acc=0.7').status).toBe(0);
    const again = cli('jobs', 'create', 'train.ipynb', '--name', 'daily', '-p', 'acc=0.1');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('A job named "daily" exists already');
    const [job] = JSON.parse(cli('jobs', 'list', '--json').stdout);
    expect(job.parameters.acc.value).toBe(0.7);
    expect(fs.readdirSync(path.join(dir, '.mlnb', 'artifacts', 'jobs'))).toEqual([job.id]);
  });

  test('the snapshot still runs after the source notebook is deleted', () => {
    expect(cli('jobs', 'create', 'train.ipynb', '--name', 'frozen').status).toBe(0);
    fs.rmSync(path.join(dir, 'train.ipynb'));
    const ran = cli('jobs', 'run', 'frozen');
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
  });

  test('a runner that dies mid-run fails the attempt with the reason', async () => {
    writeNotebook(dir, 'crash.ipynb', [code('a', 'process.exit(3)')]);
    expect(cli('jobs', 'create', 'crash.ipynb', '--name', 'crash').status).toBe(0);
    const ran = cli('jobs', 'run', 'crash', '--json');
    expect(ran.status).toBe(1);
    const attempt = JSON.parse(ran.stdout);
    expect(attempt).toMatchObject({ status: 'failed', error: 'the runner process died (exit code 3)' });
  });

  test('--timeout kills the attempt and fails it', () => {
    writeNotebook(dir, 'slow.ipynb', [code('a', 'await new Promise(r => setTimeout(r, 120_000));')]);
    expect(cli('jobs', 'create', 'slow.ipynb', '--name', 'slow', '--timeout', '2').status).toBe(0);
    const started = Date.now();
    const ran = cli('jobs', 'run', 'slow');
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain('attempt 1 failed: timed out after 2 s');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('a failing attempt is retried after the backoff; every attempt is its own run', async () => {
    writeNotebook(dir, 'flaky.ipynb', [code('a', "throw new Error('flaky source')")]);
    expect(
      cli('jobs', 'create', 'flaky.ipynb', '--name', 'flaky', '--retries', '1', '--backoff', '1').status
    ).toBe(0);
    const ran = cli('jobs', 'run', 'flaky');
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain('attempt 2 failed: cell 1 failed: Error: flaky source');
    await withStore(async store => {
      const job = (await store.jobs.get('flaky'))!;
      const [second, first] = await store.jobs.history(job.id);
      expect([first.attempt, second.attempt]).toEqual([1, 2]);
      expect(Date.parse(second.startTime!) - Date.parse(first.endTime!)).toBeGreaterThanOrEqual(1000);
      expect(first.runId).not.toBe(second.runId);
      const runs = await store.runs.list();
      expect(runs.map(r => r.source)).toEqual(['job', 'job']);
    });
  });

  test('pause, resume, show and delete', () => {
    expect(
      cli('jobs', 'create', 'train.ipynb', '--name', 'weekly', '--schedule', '0 6 * * 1', '--tz', 'UTC')
        .status
    ).toBe(0);
    expect(cli('jobs', 'pause', 'weekly').stdout).toContain('job weekly paused');
    expect(JSON.parse(cli('jobs', 'show', 'weekly', '--json').stdout)).toMatchObject({
      enabled: false,
      history: []
    });
    expect(cli('jobs', 'resume', 'weekly').stdout).toContain('job weekly resumed');
    expect(cli('jobs', 'show', 'weekly').stdout).toContain(
      'schedule:    0 6 * * 1 (At 06:00, only on Monday (UTC))'
    );
    expect(cli('jobs', 'delete', 'weekly').stdout).toContain('deleted job weekly');
    const gone = cli('jobs', 'show', 'weekly');
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain('no job named or with the id "weekly"');
  });
});
