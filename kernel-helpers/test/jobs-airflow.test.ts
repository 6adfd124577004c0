import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import { AirflowApi } from '../src/jobs/engines/airflow-api';
import { parseFilter, parseOrderBy } from '../src/runs/filter';
import { buildService } from '../src/server/app';
import { openStore } from '../src/store/engine/open';
import { MLNB_BIN, REPO_ROOT, tempDir } from './helpers/env';
import { requestService } from './helpers/http';
import { code, writeNotebook } from './helpers/notebooks';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook';

const AIRFLOW_BIN = path.join(REPO_ROOT, '.venv-airflow', 'bin');
const POSTGRES = process.env.MLNB_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `mlnb_airflow_e2e_${process.pid}`;

const TRAIN = [
  code('params', "const lr = 0.1;\nconst note = 'plain';", ['parameters']),
  code('train', 'mlnb.log({ acc: lr * 10 });\nconsole.log(note);')
];

function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function cli(dir: string, args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(resolve => {
    const child = spawn(process.execPath, [MLNB_BIN, ...args], {
      cwd: dir,
      env: { ...process.env, MLNB_STORE: '' }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', status => resolve({ status, stdout, stderr }));
  });
}

/**
 * The real thing: `airflow standalone` (API server, scheduler with the LocalExecutor, DAG
 * processor, triggerer) on its own PostgreSQL database; mlnb deploys a job's DAG there, triggers
 * it over the REST API and follows it.
 */
describe('a job on a real Airflow 3 (airflow standalone, LocalExecutor, PostgreSQL)', () => {
  let dir: string;
  let airflow: ChildProcess;
  let url: string;
  let log = '';
  let webhook: WebhookReceiver;
  let webhookUrl: string;
  /** The bodies the webhook received. */
  const received = (): Record<string, unknown>[] => webhook.received.map(r => r.body);

  beforeAll(async () => {
    if (!fs.existsSync(path.join(AIRFLOW_BIN, 'airflow'))) {
      throw new Error(
        `Airflow is not installed in ${AIRFLOW_BIN}: run node scripts/setup.mjs (npm test does).`
      );
    }
    dir = tempDir();
    fs.mkdirSync(path.join(dir, '.mlnb'));
    fs.mkdirSync(path.join(dir, 'dags'));
    writeNotebook(dir, 'train.ipynb', TRAIN);
    webhook = await startWebhookReceiver();
    webhookUrl = `${webhook.url}/hook`;

    await admin(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin(`CREATE DATABASE ${DATABASE}`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const database = new URL(POSTGRES);
    database.protocol = 'postgresql+psycopg2:';
    database.pathname = `/${DATABASE}`;
    airflow = spawn(path.join(AIRFLOW_BIN, 'airflow'), ['standalone'], {
      cwd: dir,
      detached: true, // its own process group: afterAll stops every component with it
      env: {
        PATH: `${AIRFLOW_BIN}:${process.env.PATH}`,
        HOME: process.env.HOME,
        AIRFLOW_HOME: path.join(dir, 'airflow'),
        AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: database.toString(),
        AIRFLOW__CORE__DAGS_FOLDER: path.join(dir, 'dags'),
        AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: 'True',
        AIRFLOW__API__PORT: String(port),
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${url}/execution/`,
        AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '3'
      }
    });
    airflow.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-50_000)));
    airflow.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-50_000)));
    const until = Date.now() + 300_000;
    for (;;) {
      const health = await fetch(`${url}/api/v2/monitor/health`)
        .then(r => (r.ok ? (r.json() as Promise<Record<string, { status: string }>>) : undefined))
        .catch(() => undefined);
      if (health && ['scheduler', 'dag_processor'].every(part => health[part]?.status === 'healthy')) {
        break;
      }
      if (Date.now() > until || airflow.exitCode !== null) {
        throw new Error(`airflow standalone did not get healthy:\n${log.slice(-5000)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  });

  afterAll(async () => {
    if (airflow?.pid) {
      try {
        process.kill(-airflow.pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
      await new Promise(resolve =>
        airflow.exitCode !== null ? resolve(null) : airflow.once('exit', resolve)
      );
      spawnSync('sleep', ['2']); // its workers let go of the database
    }
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await webhook.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('deploy waits for the parse and un-pauses; Run now is a DAG run with conf, a tracked run that knows it; a failed gate fails the DAG run and notifies', async () => {
    const created = await cli(dir, [
      ...['jobs', 'create', 'train.ipynb', '--name', 'e2e', '--engine', 'airflow', '--schedule', '0 5 * * *'],
      ...['--tz', 'UTC', '--gate', 'acc >= 0.5', '-p', 'lr=0.2', '-p', "note=it's $(whoami) {{ ds }}"],
      ...['--notify', 'failure', '--webhook', webhookUrl]
    ]);
    expect(created.stderr).toBe('');
    const deployed = await cli(dir, [
      'jobs',
      'deploy',
      'e2e',
      '--to',
      'airflow',
      '--dags-folder',
      'dags',
      '--airflow-url',
      url
    ]);
    expect(deployed.stderr).toBe('');
    expect(deployed.status).toBe(0);
    expect(deployed.stdout).toContain('mlnb__e2e is parsed and un-paused');

    const ran = await cli(dir, ['jobs', 'run', 'e2e', '--airflow-url', url]);
    expect(ran.status).toBe(0);
    const [runId] = ran.stdout.trim().split('\n');
    const store = await openStore({ cwd: dir, env: {} });
    try {
      const run = (await store.runs.get(runId))!;
      expect(run.status).toBe('finished');
      expect(run.params.note).toEqual({ type: 'string', value: "it's $(whoami) {{ ds }}" });
      expect(run.tags).toMatchObject({
        'mlnb.engine': 'airflow',
        'airflow.dag_id': 'mlnb__e2e',
        'airflow.try_number': '1'
      });
      expect(run.tags['airflow.dag_run_id']).toMatch(/^mlnb__/);
      expect(received()).toEqual([]);

      // The job now asks for lr 0.01: Run now sends it as conf, the run logs acc 0.1, the gate fails.
      const job = (await store.jobs.get('e2e'))!;
      await store.jobs.update(
        job.id,
        { parameters: { ...job.parameters, lr: { type: 'number', value: 0.01 } } },
        Date.now()
      );
    } finally {
      await store.close();
    }
    const failed = await cli(dir, ['jobs', 'run', 'e2e', '--airflow-url', url]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/Airflow DAG run mlnb__\S+ ended failed/);
    expect(received()).toHaveLength(1);
    expect(received()[0]).toMatchObject({ job: 'e2e', status: 'failed', attempt: 1 });
    expect(received()[0].error).toContain('gate "acc >= 0.5" failed');
  });

  test("the panel's Run now (POST /api/jobs/{id}/run) triggers the DAG with the job's parameters as conf", async () => {
    const store = await openStore({ cwd: dir, env: {} });
    const service = buildService({ store, root: dir, airflowUrl: url });
    const socket = path.join(dir, 'service.sock');
    try {
      await service.listen({ path: socket });
      const job = (await store.jobs.get('e2e'))!;
      const listed = await requestService(socket, 'GET', `/api/jobs/${job.id}`);
      expect(listed.body.airflowDagUrl).toBe(`${url}/dags/mlnb__e2e`);
      const ran = await requestService(socket, 'POST', `/api/jobs/${job.id}/run`);
      expect(ran.status).toBe(202);
      expect(ran.body.airflow).toMatchObject({ dagId: 'mlnb__e2e', dagUrl: `${url}/dags/mlnb__e2e` });
      const { dagRunId } = ran.body.airflow;
      const api = await AirflowApi.connect(url);
      let state = 'queued';
      for (
        const until = Date.now() + 120_000;
        !['success', 'failed'].includes(state) && Date.now() < until;
      ) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        state = await api.dagRunState('mlnb__e2e', dagRunId);
      }
      // The job asks for lr 0.01 since the test above: the conf reached the run, whose gate failed.
      expect(state).toBe('failed');
      const runs = await store.runs.search({
        filter: parseFilter(`tags.\`airflow.dag_run_id\` = ${JSON.stringify(dagRunId)}`),
        order: parseOrderBy('start_time asc'),
        limit: 5
      });
      expect(runs.runs).toHaveLength(1);
      expect((await store.runs.get(runs.runs[0].id))!.params.lr).toEqual({ type: 'number', value: 0.01 });
    } finally {
      await service.close();
      await store.close();
    }
  });
});
