import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attemptRunner } from '../src/jobs/attempt';
import { Scheduler } from '../src/jobs/scheduler';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import type { AttemptRecord } from '../src/store/jobs/types';
import { projectDir, runCli } from './helpers/env';
import { AIRFLOW } from './helpers/airflow';
import { code, writeNotebook } from './helpers/notebooks';
import { expectFollowsSchema } from './helpers/schemas';
import { TestClock } from './helpers/scheduler';

/**
 * `mlnb jobs create --on-new-version` end to end: the job and the versions through the CLI, a
 * real scheduler ticked by the test, real `mlnb run` children that load the triggering version.
 */
describe('mlnb jobs --on-new-version (CLI, real mlnb run children)', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
  /** Registers a version of `source` with `rows` rows through the CLI. */
  const register = (rows: number) => {
    const file = path.join(dir, `source-${rows}.csv`);
    fs.writeFileSync(file, `n\n${Array.from({ length: rows }, (_, i) => i).join('\n')}\n`);
    const registered = cli('datasets', 'register', file, '--name', 'source');
    expect(registered.status).toBe(0);
  };

  beforeAll(() => {
    dir = projectDir();
    writeNotebook(dir, 'count.ipynb', [
      code('l', '%dataset load source as df'),
      code('m', 'mlnb.log({ rows: df.shape[0] });')
    ]);
    register(1);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a trigger on an unknown dataset is refused naming it, exit code 2, and nothing is stored', () => {
    const refused = cli('jobs', 'create', 'count.ipynb', '--name', 'c', '--on-new-version', 'ghost');
    expect(refused.stderr).toMatch(/no dataset named "ghost"/);
    expect(refused.status).toBe(2);
    const lone = cli('jobs', 'create', 'count.ipynb', '--name', 'c', '--debounce', '3');
    expect(lone.stderr).toMatch(/--debounce needs --on-new-version/);
    expect(lone.status).toBe(2);
    expect(JSON.parse(cli('jobs', 'list', '--json').stdout)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.mlnb', 'artifacts', 'jobs'))).toBe(false);
  });

  test('a new version runs the job once, and the notebook reads that version even when a newer one arrived meanwhile', async () => {
    const created = cli(
      ...['jobs', 'create', 'count.ipynb', '--name', 'count', '--on-new-version', 'source'],
      ...['--debounce', '0', '--json']
    );
    expect(created.stderr).toBe('');
    const job = JSON.parse(created.stdout);
    expectFollowsSchema('job', job);
    expect(job.onNewVersion).toEqual({ dataset: 'source', debounceSeconds: 0 });
    expect(cli('jobs', 'show', 'count').stdout).toMatch(/^trigger: +new version of source \(debounce 0 s/m);
    expect(cli('jobs', 'list').stdout).toMatch(/count +enabled +mlnb +new version of source/);

    const store: Store = await openStore({ cwd: dir, env: {} });
    const run = attemptRunner({ store });
    // Version 3 is registered as version 2's attempt starts: the attempt still loads version 2.
    let registerNext = true;
    const clock = new TestClock(Date.now());
    const scheduler = new Scheduler({
      jobs: store.jobs,
      datasets: store.datasets,
      clock,
      startAttempt: context => {
        if (registerNext) {
          registerNext = false;
          register(3);
        }
        return run(context);
      }
    });
    /** The attempts, oldest first, once `n` have ended (real runs: waited for, not ticked). */
    const ended = async (n: number): Promise<AttemptRecord[]> => {
      let attempts: AttemptRecord[] = [];
      const read = async () => (attempts = (await store.jobs.history(job.id)).reverse());
      await read();
      const until = Date.now() + 60_000;
      while (attempts.filter(a => a.endTime).length < n && Date.now() < until) {
        await new Promise(resolve => setTimeout(resolve, 100)); // A real mlnb run is under way.
        await scheduler.settled();
        await read();
      }
      return attempts;
    };
    const tick = () => {
      clock.time = Date.now();
      return scheduler.tick();
    };
    const rowsOf = async (attempt: AttemptRecord) => {
      const recorded = (await store.runs.get(attempt.runId!))!;
      return [recorded.metrics.rows[0].value, recorded.dataRefs.find(r => r.role === 'input')?.dataset];
    };
    try {
      await tick();
      expect(await store.jobs.history(job.id)).toEqual([]); // Version 1 is older than the job.
      register(2);
      await tick();
      const [first] = await ended(1);
      expect(first).toMatchObject({ trigger: 'dataset', datasetVersion: 'source@2', status: 'succeeded' });
      expect(await rowsOf(first)).toEqual([2, 'source@2']);

      // Version 3 is new to the job: one more attempt, for it; then nothing.
      await tick();
      await tick();
      const attempts = await ended(2);
      expect(attempts.map(a => a.datasetVersion)).toEqual(['source@2', 'source@3']);
      expect(await rowsOf(attempts[1])).toEqual([3, 'source@3']);
      await tick();
      expect(await store.jobs.history(job.id)).toHaveLength(2);
    } finally {
      await scheduler.stop();
      await store.close();
    }
    expect(cli('jobs', 'history', 'count').stdout).toMatch(/ dataset source@2 #1 succeeded/);
  });

  test('export: Airflow schedules the job on the dataset asset (with its cron: AssetOrTimeSchedule), as Airflow parses it; Kubernetes and Argo say the trigger is not exported', () => {
    const created = cli(
      ...['jobs', 'create', 'count.ipynb', '--name', 'export-me', '--on-new-version', 'source'],
      ...['--schedule', '0 6 * * *', '--tz', 'UTC']
    );
    expect(created.status).toBe(0);
    const exported = cli('jobs', 'export', 'export-me', '--to', 'airflow', '-o', 'dags');
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/asset mlnb:\/\/datasets\/source.*debounce of 5 s has no equivalent/);
    // Airflow's own parser reads the DAG file (the parse needs no metadata database).
    const parsed = spawnSync(
      path.join(path.dirname(AIRFLOW), 'python'),
      [
        '-c',
        `import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=${JSON.stringify(path.join(dir, 'dags'))})
dag = bag.dags["mlnb__export-me"]
print(json.dumps({
    "errors": list(bag.import_errors.values()),
    "schedule": type(dag.timetable).__name__,
    "assets": [a.uri for a in dag.timetable.asset_condition.objects],
}))`
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          AIRFLOW_HOME: path.join(dir, 'airflow'),
          AIRFLOW__CORE__LOAD_EXAMPLES: 'False'
        }
      }
    );
    expect(parsed.stderr).not.toMatch(/Traceback/);
    expect(JSON.parse(parsed.stdout.trim().split('\n').pop()!)).toEqual({
      errors: [],
      schedule: 'AssetOrTimeSchedule',
      assets: ['mlnb://datasets/source']
    });
    for (const target of ['kubernetes', 'argo']) {
      const cluster = cli('jobs', 'export', 'export-me', '--to', target, '-o', target);
      expect(cluster.status).toBe(0);
      expect(cluster.stderr).toMatch(
        /new versions of source\) has no (Kubernetes|Argo) equivalent: it is not exported/
      );
      const file = fs.readdirSync(path.join(dir, target)).find(f => f.endsWith('.yaml'))!;
      expect(fs.readFileSync(path.join(dir, target, file), 'utf8')).toMatch(
        /^# Not as in mlnb: the data trigger/m
      );
    }
  });
});
