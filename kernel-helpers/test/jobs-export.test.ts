import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { openStore } from '../src/store/engine/open';
import type { RunRecord } from '../src/store/runs/types';
import { closedUrl, runAsAirflowTry } from './helpers/airflow';
import { expectUsageError, MLNB_BIN, PACKAGE_DIR, projectDir, runCli } from './helpers/env';
import { HOSTILE, TRAIN_JOB_CELLS as TRAIN, writeNotebook } from './helpers/notebooks';

/**
 * Kubernetes' expansion of container args and env values (k8s third_party/forked/golang/expansion):
 * `$$` is a literal `$`, `$(NAME)` becomes the variable when it is defined, anything else stays.
 */
function kubernetesExpand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(\$|\(([A-Za-z_][\w.-]*)\))/g, (whole, next: string, name?: string) =>
    next === '$' ? '$' : name !== undefined && name in vars ? vars[name] : whole
  );
}

interface Container {
  command: string[];
  args: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
}

describe('mlnb jobs export (Airflow DAG, Kubernetes CronJob, Argo CronWorkflow)', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
  const runOf = async (runId: string): Promise<RunRecord> => {
    const store = await openStore({ cwd: dir, env: {} });
    try {
      return (await store.runs.get(runId))!;
    } finally {
      await store.close();
    }
  };
  const createJob = (name: string, ...extra: string[]) => {
    const made = cli('jobs', 'create', 'train.ipynb', '--name', name, ...extra, '--json');
    expect(made.stderr).toBe('');
    return JSON.parse(made.stdout);
  };
  /** `mlnb jobs export <name> --to <engine> -o <dir>/<folder> ...extra`: the folder and the result. */
  const exportJob = (name: string, engine: string, folder: string, ...extra: string[]) => {
    const out = path.join(dir, folder);
    return { out, exported: cli('jobs', 'export', name, '--to', engine, '-o', out, ...extra) };
  };

  beforeEach(() => {
    dir = projectDir();
    writeNotebook(dir, 'train.ipynb', TRAIN);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Runs a manifest's container as a local process: its command and args after the engine's
   * substitutions, with its environment (the Secret's store and the downward API's names given).
   */
  const runContainer = (
    container: Container,
    given: Record<string, string>,
    substitute = (s: string) => s
  ) => {
    const env: Record<string, string> = { ...given };
    for (const variable of container.env) {
      if (variable.value !== undefined) {
        env[variable.name] = kubernetesExpand(substitute(variable.value), env);
      }
    }
    const argv = [...container.command, ...container.args].map(arg => kubernetesExpand(substitute(arg), env));
    expect(argv[0]).toBe('mlnb');
    return spawnSync(process.execPath, [MLNB_BIN, ...argv.slice(1)], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      encoding: 'utf8',
      timeout: 120_000
    });
  };

  test('kubernetes: a valid CronJob whose exact container command, run locally, makes a tracked run with the hostile value verbatim', async () => {
    const artifacts = path.join(dir, '.mlnb', 'artifacts');
    const job = createJob(
      'nightly k8s',
      ...['--engine', 'kubernetes', '--schedule', '30 2 * * 1-5', '--tz', 'America/New_York'],
      ...['--retries', '3', '--timeout', '900', '--concurrency', 'replace', '--gate', 'acc >= 0.5'],
      ...['-p', `note=${HOSTILE}`, '-p', 'lr=0.25']
    );
    const { out, exported } = exportJob(
      'nightly k8s',
      'kubernetes',
      'k8s',
      ...['--image', 'registry.example.com/ml/runner:1.2'],
      ...['--artifacts-path', artifacts, '--store-secret', 'team-store']
    );
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['Dockerfile', 'mlnb-nightly-k8s.cronjob.yaml']);
    const manifest = parse(fs.readFileSync(path.join(out, 'mlnb-nightly-k8s.cronjob.yaml'), 'utf8'));
    expect(manifest).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'mlnb-nightly-k8s', labels: { 'mlnb.dev/job-id': job.id } },
      spec: {
        schedule: '30 2 * * 1-5',
        timeZone: 'America/New_York',
        concurrencyPolicy: 'Replace',
        startingDeadlineSeconds: 300,
        suspend: false,
        jobTemplate: { spec: { backoffLimit: 3, activeDeadlineSeconds: 900 } }
      }
    });
    const pod = manifest.spec.jobTemplate.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe('registry.example.com/ml/runner:1.2');
    expect(container.env[0]).toEqual({
      name: 'MLNB_STORE',
      valueFrom: { secretKeyRef: { name: 'team-store', key: 'store' } }
    });
    expect(fs.readFileSync(path.join(out, 'Dockerfile'), 'utf8')).toContain('FROM node:20');

    const podEnv = {
      MLNB_STORE: path.join(dir, '.mlnb', 'store.db'),
      MLNB_K8S_POD_NAME: 'mlnb-nightly-k8s-29012345-x7k2p',
      MLNB_K8S_JOB_NAME: 'mlnb-nightly-k8s-29012345'
    };
    const ran = runContainer(container, podEnv);
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const run = await runOf(ran.stdout.trim());
    expect(run.params.note).toEqual({ type: 'string', value: HOSTILE });
    expect(run.params.lr).toEqual({ type: 'number', value: 0.25 });
    expect(run).toMatchObject({ status: 'finished', jobId: job.id, experiment: 'train.ipynb' });
    expect(run.tags).toMatchObject({
      'mlnb.engine': 'kubernetes',
      'kubernetes.pod': 'mlnb-nightly-k8s-29012345-x7k2p',
      'kubernetes.job': 'mlnb-nightly-k8s-29012345'
    });
    // The same pod started again (a kubelet restart): its run back, never a second record.
    const again = runContainer(container, podEnv);
    expect(again.stdout.trim()).toBe(run.id);
    expect(again.stderr).toContain('this engine try is recorded already');
  });

  test('argo: a valid CronWorkflow; its container command after Argo and Kubernetes substitution runs the hostile value verbatim, and a failed gate exits 1', async () => {
    const artifacts = path.join(dir, '.mlnb', 'artifacts');
    createJob(
      'argo-job',
      ...['--engine', 'argo', '--schedule', '0 6 * * *', '--tz', 'Europe/Berlin', '--retries', '2'],
      ...['--backoff', '30', '--gate', 'acc >= 0.5', '-p', `note=${HOSTILE}`, '-p', 'lr=0.2']
    );
    const { out, exported } = exportJob('argo-job', 'argo', 'argo', '--artifacts-path', artifacts);
    expect(exported.status).toBe(0);
    const manifest = parse(fs.readFileSync(path.join(out, 'mlnb-argo-job.cronworkflow.yaml'), 'utf8'));
    expect(manifest).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      spec: { schedules: ['0 6 * * *'], timezone: 'Europe/Berlin', concurrencyPolicy: 'Forbid' }
    });
    const [template] = manifest.spec.workflowSpec.templates;
    expect(template.retryStrategy).toEqual({
      limit: '2',
      retryPolicy: 'Always',
      backoff: { duration: '30s', factor: '2' }
    });
    const argument =
      (values: string, workflow = 'mlnb-argo-job-1733122800') =>
      (text: string) =>
        text
          .replace('{{workflow.parameters.params}}', values)
          .replace('{{workflow.name}}', workflow)
          .replace('{{retries}}', '0');
    const [{ value: defaults }] = manifest.spec.workflowSpec.arguments.parameters;
    // What Argo's templating sees holds no tag of its own, and no `$(` for Kubernetes.
    expect(defaults).not.toMatch(/\{\{|\$/);
    const store = { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
    const ran = runContainer(template.container, store, argument(defaults));
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const run = await runOf(ran.stdout.trim());
    expect(run.params.note).toEqual({ type: 'string', value: HOSTILE });
    expect(run.tags).toMatchObject({ 'mlnb.engine': 'argo', 'argo.workflow': 'mlnb-argo-job-1733122800' });
    // The same workflow and retry started again: its run back, never a second record.
    const again = runContainer(template.container, store, argument(defaults));
    expect(again.stdout.trim()).toBe(run.id);
    expect(again.stderr).toContain('this engine try is recorded already');

    // A submission with other values (argo submit -p params=...): the gate acc >= 0.5 fails.
    const failed = runContainer(template.container, store, argument('{"lr":0.01}', 'mlnb-argo-job-x7f2k'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('gate "acc >= 0.5" failed');
    expect((await runOf(failed.stdout.trim())).status).toBe('failed');
  });

  test('an engine that starts the same try again gets the recorded run back; the next try is a new run; the history shows each try with its run, Airflow unknown', () => {
    createJob('x', '--engine', 'airflow');
    const context = { dagId: 'mlnb__x', dagRunId: 'manual__2026-12-02T10:00:00+00:00' };
    const first = runAsAirflowTry(dir, 'train.ipynb', { ...context, tryNumber: 1 });
    expect(first.status).toBe(0);
    const again = runAsAirflowTry(dir, 'train.ipynb', { ...context, tryNumber: 1 });
    expect(again.status).toBe(0);
    expect(again.stdout.trim()).toBe(first.stdout.trim());
    expect(again.stderr).toContain(`this engine try is recorded already, as run ${first.stdout.trim()}`);
    const retry = runAsAirflowTry(dir, 'train.ipynb', { ...context, tryNumber: 2 });
    expect(retry.status).toBe(0);
    expect(retry.stdout.trim()).not.toBe(first.stdout.trim());

    // Airflow is not reachable: the history is what mlnb recorded, one run per try, state unknown.
    const history = cli('jobs', 'history', 'x', '--json');
    expect(history.status).toBe(0);
    const { airflow } = JSON.parse(history.stdout);
    expect(airflow).toMatchObject({ dagId: 'mlnb__x', reached: false });
    expect(airflow.problem).toContain("Airflow's URL is not known");
    expect(airflow.tries).toEqual([
      expect.objectContaining({
        dagRunId: context.dagRunId,
        tryNumber: 2,
        state: null,
        runId: retry.stdout.trim(),
        runStatus: 'finished'
      }),
      expect.objectContaining({
        dagRunId: context.dagRunId,
        tryNumber: 1,
        state: null,
        runId: first.stdout.trim(),
        runStatus: 'finished'
      })
    ]);
  });

  test('the history of a job on an unreachable Airflow says so, exit 0; a job on mlnb lists its attempts', async () => {
    createJob('far', '--engine', 'airflow');
    const url = await closedUrl();
    const text = cli('jobs', 'history', 'far', '--airflow-url', url);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      `Airflow's state is unknown: Airflow at ${url} cannot be reached (ECONNREFUSED)`
    );
    expect(text.stdout).toContain('no DAG runs yet');
    createJob('local');
    const local = cli('jobs', 'history', 'local');
    expect(local.status).toBe(0);
    expect(local.stdout).toBe("mlnb's scheduler: none yet\n");
    expect(JSON.parse(cli('jobs', 'history', 'local', '--json').stdout)).toEqual({ attempts: [] });
    const unknown = cli('jobs', 'history', 'nobody');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no job named or with the id "nobody"');
  });

  test('--check tells an export in step with the job from one the job has moved away from', () => {
    createJob('checked', '--engine', 'kubernetes', '--schedule', '0 1 * * *', '--tz', 'UTC');
    const out = path.join(dir, 'k8s');
    const exportArgs = ['jobs', 'export', 'checked', '--to', 'kubernetes', '-o', out];
    expect(cli(...exportArgs, '--check').status).toBe(1); // nothing exported yet
    expect(cli(...exportArgs).status).toBe(0);
    const same = cli(...exportArgs, '--check');
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('in step with the job');
    expect(cli('jobs', 'pause', 'checked').status).toBe(0);
    const drifted = cli(...exportArgs, '--check');
    expect(drifted.status).toBe(1);
    expect(drifted.stdout).toContain('the job changed since it was exported');
  });

  test.each([
    [['--to', 'nomad'], '--to must be one of airflow, kubernetes, argo; got "nomad"'],
    [['--to', 'kubernetes', '--image', 'Bad Image!'], 'is not a valid image reference'],
    [['--to', 'argo', '--image', 'MyRunner:1.0'], 'is not a valid image reference']
  ])('refuses %j with exit code 2 and writes nothing', (args, message) => {
    createJob('bad', '--schedule', '0 1 * * *', '--tz', 'UTC');
    const out = path.join(dir, 'out');
    const result = cli('jobs', 'export', 'bad', '-o', out, ...args);
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a seconds cron and a job whose snapshot is gone are refused with exit code 2 on every target', () => {
    const job = createJob('secs', '--schedule', '*/30 * * * * *', '--tz', 'UTC');
    const seconds = exportJob('secs', 'airflow', 'dags').exported;
    expect(seconds.status).toBe(2);
    expect(seconds.stderr).toContain('airflow takes a cron of 5 fields');
    createJob('gone', '--engine', 'airflow');
    fs.rmSync(path.join(dir, '.mlnb', 'artifacts', 'jobs'), { recursive: true });
    for (const target of ['airflow', 'kubernetes', 'argo']) {
      expectUsageError(exportJob('gone', target, target).exported, 'The snapshot of job "gone" is gone');
    }
    const deploy = cli('jobs', 'deploy', 'gone', '--to', 'airflow', '--dags-folder', path.join(dir, 'dags'));
    expect(deploy.status).toBe(2);
    expect(deploy.stderr).toContain('The snapshot of job "gone" is gone');
    expect(['dags', 'airflow', 'kubernetes', 'argo'].filter(d => fs.existsSync(path.join(dir, d)))).toEqual(
      []
    );
    expect(job.engine).toBe('mlnb');
  });

  test('deploy to an unreachable Airflow is refused with exit code 2 before the DAG is written', async () => {
    const closed = await closedUrl();
    createJob('unreached', '--engine', 'airflow');
    const dags = path.join(dir, 'dags');
    const refused = cli(
      ...['jobs', 'deploy', 'unreached', '--to', 'airflow', '--dags-folder', dags],
      ...['--airflow-url', closed]
    );
    expect(refused.stderr).toContain(`Airflow at ${closed} cannot be reached (ECONNREFUSED)`);
    expect(refused.status).toBe(2);
    expect(fs.existsSync(dags)).toBe(false);
    const run = cli('jobs', 'run', 'unreached', '--airflow-url', closed);
    expect(run.stderr).toContain(`Airflow at ${closed} cannot be reached (ECONNREFUSED)`);
    expect(run.status).toBe(2);
    const wrongTarget = cli('jobs', 'deploy', 'unreached', '--to', 'kubernetes', '--dags-folder', dags);
    expect(wrongTarget.status).toBe(2);
    expect(wrongTarget.stderr).toContain('mlnb jobs export then kubectl apply');
  });

  test('a broken manifest is refused by the schema check (kubernetes-models)', () => {
    // The model packages are ES modules, which jest's CommonJS sandbox cannot import: run the built module.
    const broken = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'x' },
      spec: { schedule: 5 }
    };
    const script = `require(${JSON.stringify(path.join(PACKAGE_DIR, 'dist', 'jobs', 'engines', 'manifests.js'))})
      .validateManifest(${JSON.stringify(broken)}).then(() => console.log('valid'), e => console.log(e.constructor.name, e.message))`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.stdout).toContain('ExportError The CronJob is not valid');
    expect(result.stdout).toContain('data/spec/schedule must be string');
  });
});
