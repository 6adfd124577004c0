import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { openStore } from '../src/store/engine/open';
import { vegaFile } from './helpers/datasets';
import { runCliAsync, tempDir } from './helpers/env';
import { MLFLOW_VENV, MlflowServer } from './helpers/mlflow';
import { code, writeNotebook } from './helpers/notebooks';

/**
 * `mlnb export mlflow` against a real MLflow 3 tracking server (one per suite), read back through
 * its REST API and its Python client.
 */
describe('mlnb export mlflow', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const server = new MlflowServer();
  let runId: string;
  let commit: string;
  let first: any;
  let exported: any;

  const cli = (...args: string[]) => runCliAsync(dir, args, env);

  beforeAll(async () => {
    dir = tempDir('mlnb-mlflow-');
    env = { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(dir, 'weather.csv'));
    writeNotebook(dir, 'train.ipynb', [
      code('load', '%dataset load weather as w'),
      code('params', "mlnb.param('lr', 0.1);\nmlnb.param('layers', [8, 4]);"),
      code('fit', 'for (let epoch = 0; epoch < 5; epoch++) mlnb.log({ loss: 1 / (epoch + 1) }, epoch);'),
      code(
        'model',
        "require('fs').writeFileSync('model.json', '{\"w\":[1,2]}');\nawait mlnb.artifact('model.json', 'model');"
      )
    ]);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git('init', '-q', '-b', 'main');
    git('add', 'train.ipynb');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', 'train');
    commit = git('rev-parse', 'HEAD');
    // The run is recorded while the server starts.
    const [, ran] = await Promise.all([
      server.start(dir),
      (async () => {
        expect((await cli('datasets', 'register', 'weather.csv', '--name', 'weather')).status).toBe(0);
        return cli('run', 'train.ipynb');
      })()
    ]);
    expect(ran.stderr).toBe('');
    runId = ran.stdout.trim().split('\n').pop()!;
    const done = await cli('export', 'mlflow', runId.slice(0, 8), '--tracking-uri', server.url, '--json');
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    [first] = JSON.parse(done.stdout);
    exported = (await server.api(`runs/get?run_id=${first.mlflowRunId}`)).run;
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the run arrives with its status, times, user, params and tags (git, source, mlnb run id)', async () => {
    const store = await openStore({ cwd: dir, env });
    const run = (await store.runs.get(runId))!;
    await store.close();
    expect(first).toMatchObject({
      created: true,
      experiment: 'train.ipynb',
      metrics: 5,
      params: 2,
      inputs: 1
    });
    // The mlnb run links to its MLflow run (the run detail shows it with the tags).
    expect(run.tags['mlnb.mlflow_url']).toBe(
      `${server.url}/#/experiments/${first.experimentId}/runs/${first.mlflowRunId}`
    );
    expect(exported.info).toMatchObject({
      status: 'FINISHED',
      run_name: run.name,
      user_id: run.user,
      start_time: Date.parse(run.startTime),
      end_time: Date.parse(run.endTime!)
    });
    const params = Object.fromEntries(exported.data.params.map((p: any) => [p.key, p.value]));
    expect(params).toEqual({ lr: '0.1', layers: '[8,4]' });
    const tags = Object.fromEntries(exported.data.tags.map((t: any) => [t.key, t.value]));
    expect(tags).toMatchObject({
      'mlnb.run_id': runId,
      'mlflow.source.git.commit': commit,
      'mlflow.source.git.branch': 'main',
      'mlflow.source.name': 'train.ipynb',
      'mlflow.user': run.user,
      'mlnb.source': 'batch'
    });
  });

  test('every metric point with its step and time; the dataset input with digest and schema', async () => {
    const history = await server.api(`metrics/get-history?run_id=${first.mlflowRunId}&metric_key=loss`);
    const steps = history.metrics
      .map((m: any) => [m.step, m.value])
      .sort((a: number[], b: number[]) => a[0] - b[0]);
    expect(steps).toEqual([0, 1, 2, 3, 4].map(step => [step, 1 / (step + 1)]));
    const [input] = exported.inputs.dataset_inputs;
    expect(input.dataset).toMatchObject({ name: 'weather@1', source_type: 'local' });
    expect(input.dataset.digest).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(input.dataset.schema).mlflow_colspec.map((c: any) => c.name)).toEqual([
      'date',
      'precipitation',
      'temp_max',
      'temp_min',
      'wind',
      'weather'
    ]);
    expect(JSON.parse(input.dataset.profile)).toEqual({ num_rows: 1461 });
  });

  test("artifacts (the model, the executed notebook) are in the run's artifact store, readable by MLflow's Python client", async () => {
    const listed = await server.api(`artifacts/list?run_id=${first.mlflowRunId}`);
    // (and code.diff: the working tree is dirty)
    expect(listed.files.map((f: any) => f.path)).toEqual(
      expect.arrayContaining(['model.json', 'train.executed.ipynb'])
    );
    const script = [
      'import json, sys, mlflow',
      'client = mlflow.MlflowClient(sys.argv[1])',
      'run = client.get_run(sys.argv[2])',
      "local = client.download_artifacts(sys.argv[2], 'model.json', sys.argv[3])",
      "print(json.dumps({'model': open(local).read(), 'loss': [m.value for m in client.get_metric_history(sys.argv[2], 'loss')], 'lr': run.data.params['lr']}))"
    ].join('\n');
    const python = spawnSync(
      path.join(MLFLOW_VENV, 'bin', 'python'),
      ['-c', script, server.url, first.mlflowRunId, fs.mkdtempSync(path.join(dir, 'dl-'))],
      { encoding: 'utf8', timeout: 120_000 }
    );
    expect(python.stderr).not.toMatch(/Traceback/);
    const read = JSON.parse(python.stdout.trim().split('\n').pop()!);
    expect(read).toEqual({ model: '{"w":[1,2]}', loss: [1, 0.5, 1 / 3, 0.25, 0.2], lr: '0.1' });
  });

  test('a second export finds the run by its mlnb id and adds only the new points and tags', async () => {
    const store = await openStore({ cwd: dir, env });
    const now = Date.now();
    await store.runs.logMetrics(runId, [
      { key: 'loss', value: 0.15, step: 5, time: now },
      { key: 'val_loss', value: 0.3, step: 0, time: now },
      // Past one log-batch call's limits (1000 metrics, 100 params): the export splits them.
      ...Array.from({ length: 1200 }, (_, step) => ({ key: 'batch_loss', value: step, step, time: now }))
    ]);
    await store.runs.logParams(
      runId,
      Object.fromEntries(
        Array.from({ length: 120 }, (_, i) => [`p${i}`, { type: 'number' as const, value: i }])
      )
    );
    await store.runs.setTags(runId, { reviewed: 'yes' });
    await store.close();
    const again = await cli(
      'export',
      'mlflow',
      '--filter',
      `tags.\`reviewed\` = "yes"`,
      '--tracking-uri',
      server.url,
      '--json'
    );
    expect(again.status).toBe(0);
    const [second] = JSON.parse(again.stdout);
    expect(second).toMatchObject({
      created: false,
      mlflowRunId: first.mlflowRunId,
      metrics: 1202,
      params: 120,
      tags: 1,
      inputs: 0,
      artifacts: 0
    });
    const runs = await server.api('runs/search', { experiment_ids: [first.experimentId] });
    expect(runs.runs).toHaveLength(1);
    const history = await server.api(`metrics/get-history?run_id=${first.mlflowRunId}&metric_key=loss`);
    expect(history.metrics.map((m: any) => m.step).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const batch = await server.api(`metrics/get-history?run_id=${first.mlflowRunId}&metric_key=batch_loss`);
    expect(batch.metrics).toHaveLength(1200);
    const params = (await server.api(`runs/get?run_id=${first.mlflowRunId}`)).run.data.params;
    expect(params).toHaveLength(122);
  });

  test("--dir writes mlflow-export-import's experiment layout: experiment.json, run.json, artifacts", async () => {
    const out = path.join(dir, 'export');
    const written = await cli('export', 'mlflow', runId, '--dir', out, '--experiment', 'team/churn');
    expect(written.status).toBe(0);
    const folder = path.join(out, 'team_churn');
    const experiment = JSON.parse(fs.readFileSync(path.join(folder, 'experiment.json'), 'utf8'));
    expect(experiment.mlflow).toMatchObject({ experiment: { name: 'team/churn' }, runs: [runId] });
    const run = JSON.parse(fs.readFileSync(path.join(folder, runId, 'run.json'), 'utf8'));
    expect(run.mlflow.info).toMatchObject({ run_id: runId, status: 'FINISHED' });
    expect(run.mlflow.params).toMatchObject({ lr: '0.1', layers: '[8,4]', p119: '119' });
    expect(run.mlflow.metrics.loss.map((m: any) => m.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run.mlflow.tags).toMatchObject({ 'mlnb.run_id': runId, 'mlflow.source.git.commit': commit });
    expect(fs.readFileSync(path.join(folder, runId, 'artifacts', 'model.json'), 'utf8')).toBe('{"w":[1,2]}');
  });

  test('bad input: an unknown run, a server of another major version, no server, no destination', async () => {
    const unknown = await cli('export', 'mlflow', 'ffff0000', '--tracking-uri', server.url);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no run has the id ffff0000');

    const old = http.createServer((_, response) => response.end('2.9.2'));
    await new Promise<void>(resolve => old.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(old.address() as AddressInfo).port}`;
      const refused = await cli('export', 'mlflow', runId, '--tracking-uri', url);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('runs MLflow 2.9.2; mlnb exports to MLflow 3.x servers');
    } finally {
      await new Promise(resolve => old.close(resolve));
    }

    const nobody = await cli('export', 'mlflow', runId, '--tracking-uri', 'http://127.0.0.1:9');
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('cannot be reached');

    const nowhere = await cli('export', 'mlflow', runId);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toContain('needs --tracking-uri URL or --dir DIR');
  });
});
