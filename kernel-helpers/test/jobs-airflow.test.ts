import { ChildProcess, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { AIRFLOW_BIN, airflowHealthy, startAirflow } from '../../fixtures/airflow';
import { AirflowApi } from '../src/jobs/engines/airflow-api';
import type { AirflowTry } from '../src/jobs/engines/airflow-history';
import { parseFilter, parseOrderBy } from '../src/runs/filter';
import { buildService } from '../src/server/app';
import { openStore } from '../src/store/engine/open';
import { freePort, projectDir, runCliAsync as cli } from './helpers/env';
import { requestService } from './helpers/http';
import { code, HOSTILE, writeNotebook } from './helpers/notebooks';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook';

const POSTGRES = process.env.MLNB_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `mlnb_airflow_e2e_${process.pid}`;

const TRAIN = [
  code('params', "const lr = 0.1;\nconst note = 'plain';", ['parameters']),
  code('train', 'mlnb.log({ acc: lr * 10 });\nconsole.log(note);')
];

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A text as a literal inside a regular expression. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const POLICY = `from airflow.exceptions import AirflowClusterPolicyViolation


def dag_policy(dag):
    if dag.dag_id == "mlnb__forbidden":
        raise AirflowClusterPolicyViolation("mlnb__forbidden: this team's Airflow takes no DAG without an owner")
`;

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
  /** The tracked run of the first DAG run (the first test's). */
  let firstRunId: string;
  /** The bodies the webhook received. */
  const received = (): Record<string, unknown>[] => webhook.received.map(r => r.body);

  beforeAll(async () => {
    if (!fs.existsSync(path.join(AIRFLOW_BIN, 'airflow'))) {
      throw new Error(
        `Airflow is not installed in ${AIRFLOW_BIN}: run node scripts/setup.mjs (npm test does).`
      );
    }
    dir = projectDir();
    fs.mkdirSync(path.join(dir, 'dags'));
    writeNotebook(dir, 'train.ipynb', TRAIN);
    webhook = await startWebhookReceiver();
    webhookUrl = `${webhook.url}/hook`;

    // The team's cluster policy refuses one DAG: deploying it meets a real import error.
    fs.mkdirSync(path.join(dir, 'airflow', 'config'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'airflow', 'config', 'airflow_local_settings.py'), POLICY);
    await admin(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin(`CREATE DATABASE ${DATABASE}`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const database = new URL(POSTGRES);
    database.protocol = 'postgresql+psycopg2:';
    database.pathname = `/${DATABASE}`;
    // Its own process group: afterAll stops every component with it.
    airflow = startAirflow(dir, database.toString(), port);
    airflow.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-50_000)));
    airflow.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-50_000)));
    const until = Date.now() + 300_000;
    while (!(await airflowHealthy(url))) {
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
      ...['--tz', 'UTC', '--gate', 'acc >= 0.5', '-p', 'lr=0.2', '-p', `note=${HOSTILE}`],
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
    firstRunId = runId;
    const store = await openStore({ cwd: dir, env: {} });
    try {
      const run = (await store.runs.get(runId))!;
      expect(run.status).toBe('finished');
      expect(run.params.note).toEqual({ type: 'string', value: HOSTILE });
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
  test("the history shows each DAG run's try with Airflow's state and the tracked run it made (CLI and service)", async () => {
    const shown = await cli(dir, ['jobs', 'history', 'e2e', '--airflow-url', url, '--json']);
    expect(shown.stderr).toBe('');
    expect(shown.status).toBe(0);
    const { attempts, airflow } = JSON.parse(shown.stdout);
    expect(attempts).toEqual([]); // mlnb's scheduler never fires a job on Airflow
    expect(airflow).toMatchObject({ dagId: 'mlnb__e2e', reached: true, problem: null });
    // Newest first: the service's Run now, the CLI's failed gate, the CLI's first run.
    expect(airflow.tries.map((t: AirflowTry) => [t.tryNumber, t.state, t.dagRunState, t.runStatus])).toEqual([
      [1, 'failed', 'failed', 'failed'],
      [1, 'failed', 'failed', 'failed'],
      [1, 'success', 'success', 'finished']
    ]);
    expect(airflow.tries[2].runId).toBe(firstRunId);
    const store = await openStore({ cwd: dir, env: {} });
    const service = buildService({ store, root: dir, airflowUrl: url });
    const socket = path.join(dir, 'history.sock');
    try {
      for (const t of airflow.tries as AirflowTry[]) {
        const run = (await store.runs.get(t.runId!))!;
        expect([run.tags['airflow.dag_run_id'], run.tags['airflow.try_number']]).toEqual([t.dagRunId, '1']);
      }
      await service.listen({ path: socket });
      const job = (await store.jobs.get('e2e'))!;
      const served = await requestService(socket, 'GET', `/api/jobs/${job.id}/history`);
      expect(served.status).toBe(200);
      expect(served.body).toEqual({ attempts: [], airflow });
    } finally {
      await service.close();
      await store.close();
    }
    const text = await cli(dir, ['jobs', 'history', 'e2e', '--airflow-url', url]);
    expect(text.stdout).toMatch(
      new RegExp(`${escape(airflow.tries[2].dagRunId)}\\s+1\\s+success\\s.*${firstRunId}\\s+finished`)
    );
  });

  test("a DAG Airflow fails to import: deploy shows Airflow's own text and exits 2; the job stays as it was", async () => {
    const made = await cli(dir, [
      'jobs',
      'create',
      'train.ipynb',
      '--name',
      'forbidden',
      '--engine',
      'airflow',
      '--json'
    ]);
    expect(made.status).toBe(0);
    const deployed = await cli(dir, [
      ...['jobs', 'deploy', 'forbidden', '--to', 'airflow', '--dags-folder', 'dags'],
      ...['--airflow-url', url]
    ]);
    expect(deployed.stderr).toContain(`Airflow could not import ${path.join('dags', 'mlnb__forbidden.py')}`);
    expect(deployed.stderr).toContain(
      "AirflowClusterPolicyViolation: mlnb__forbidden: this team's Airflow takes no DAG without an owner"
    );
    expect(deployed.status).toBe(2);
    const store = await openStore({ cwd: dir, env: {} });
    try {
      expect(await store.jobs.get('forbidden')).toEqual(JSON.parse(made.stdout));
    } finally {
      await store.close();
    }
  });

  test("a refused token: deploy and Run now exit 2 saying so before anything is written; the history shows mlnb's runs, Airflow's state unknown", async () => {
    const refused = { MLNB_AIRFLOW_TOKEN: 'not-a-token' };
    const dag = path.join(dir, 'dags', 'mlnb__e2e.py');
    const before = fs.statSync(dag).mtimeMs;
    const deployed = await cli(
      dir,
      ['jobs', 'deploy', 'e2e', '--to', 'airflow', '--dags-folder', 'dags', '--airflow-url', url],
      refused
    );
    expect(deployed.stderr).toMatch(
      new RegExp(
        `Airflow at ${escape(url)} refused mlnb's API token \\(HTTP 40[13]\\): set MLNB_AIRFLOW_TOKEN`
      )
    );
    expect(deployed.status).toBe(2);
    expect(fs.statSync(dag).mtimeMs).toBe(before);
    const ran = await cli(dir, ['jobs', 'run', 'e2e', '--airflow-url', url], refused);
    expect(ran.stderr).toContain("refused mlnb's API token");
    expect(ran.status).toBe(2);
    const shown = await cli(dir, ['jobs', 'history', 'e2e', '--airflow-url', url], refused);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`Airflow's state is unknown: Airflow at ${url} refused mlnb's API token`);
    expect(shown.stdout).toContain(firstRunId);
    expect(shown.stdout.match(/\bunknown\s+\S+ \S+\s+[0-9a-f]{32}\s+(finished|failed)/g)).toHaveLength(3);
  });
});
