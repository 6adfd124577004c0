import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../src/store/engine/open';
import type { RunRecord } from '../src/store/runs/types';
import { localAirflow } from './helpers/airflow';
import { projectDir, runCli } from './helpers/env';
import { HOSTILE, TRAIN_JOB_CELLS as TRAIN, writeNotebook } from './helpers/notebooks';

describe('mlnb jobs export --to airflow, run by the real `airflow dags test` (Airflow 3.3)', () => {
  let dir: string;
  let airflow: ReturnType<typeof localAirflow>;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });

  beforeAll(() => {
    dir = projectDir();
    writeNotebook(dir, 'train.ipynb', TRAIN);
    airflow = localAirflow(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runsOf = async (jobId: string): Promise<RunRecord[]> => {
    const store = await openStore({ cwd: dir, env: {} });
    try {
      const runs = await store.runs.list({ limit: 50 });
      const full = await Promise.all(runs.map(r => store.runs.get(r.id)));
      return full.filter((r): r is RunRecord => r?.jobId === jobId);
    } finally {
      await store.close();
    }
  };

  test('the DAG runs the job with its typed defaults (hostile value verbatim), then with conf; a failed gate fails the DAG run', async () => {
    const made = cli(
      ...['jobs', 'create', 'train.ipynb', '--name', 'af', '--engine', 'airflow', '--schedule', '0 6 * * *'],
      ...['--tz', 'Europe/Berlin', '--timeout', '300', '--gate', 'acc >= 0.5'],
      ...['-p', `note=${HOSTILE}`, '-p', 'lr=0.2', '--json']
    );
    expect(made.status).toBe(0);
    const job = JSON.parse(made.stdout);
    const exported = cli('jobs', 'export', 'af', '--to', 'airflow', '-o', path.join(dir, 'dags'));
    expect(exported.status).toBe(0);
    const dag = fs.readFileSync(path.join(dir, 'dags', 'mlnb__af.py'), 'utf8');
    expect(dag).toMatch(/^# mlnb-definition-sha256: [0-9a-f]{64}$/m);
    const parsed = airflow.python(`
import json
from airflow.dag_processing.dagbag import DagBag
dag = DagBag(dag_folder=${JSON.stringify(path.join(dir, 'dags'))}).get_dag("mlnb__af")
print(json.dumps({"catchup": dag.catchup, "timetable": type(dag.timetable).__name__, "tz": str(dag.timezone)}))`);
    expect(parsed.status).toBe(0);
    // The cron fires in the job's zone from its creation on, with no catch-up of missed slots.
    expect(JSON.parse(parsed.stdout.trim().split('\n').pop()!)).toEqual({
      catchup: false,
      timetable: 'CronTriggerTimetable',
      tz: 'Europe/Berlin'
    });

    const withDefaults = airflow('dags', 'test', 'mlnb__af');
    expect(withDefaults.status).toBe(0);
    let runs = await runsOf(job.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].params.note).toEqual({ type: 'string', value: HOSTILE });
    expect(runs[0]).toMatchObject({ status: 'finished' });
    expect(runs[0].tags).toMatchObject({
      'mlnb.engine': 'airflow',
      'airflow.dag_id': 'mlnb__af',
      'airflow.try_number': '1'
    });
    expect(runs[0].tags['airflow.dag_run_id']).toMatch(/^manual__/);

    // conf overrides the defaults, typed; lr 0.01 logs acc 0.1 and the gate fails the task.
    const conf = JSON.stringify({ note: `conf ${HOSTILE}`, lr: 0.01 });
    const withConf = airflow('dags', 'test', 'mlnb__af', '-c', conf);
    expect(withConf.status).not.toBe(0);
    runs = await runsOf(job.id);
    const second = runs.find(r => r.params.lr.value === 0.01)!;
    expect(second.params.note).toEqual({ type: 'string', value: `conf ${HOSTILE}` });
    expect(second.status).toBe('failed');
    expect(second.tags['mlnb.failure']).toContain('gate "acc >= 0.5" failed');
  });
});
