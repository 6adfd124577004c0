import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerFile } from '../src/catalog/register';
import { evaluate } from '../src/evaluate';
import { models } from '../src/models';
import { startService } from '../src/server/serve';
import { startModelServer, type RunningModelServer } from '../src/serving/server';
import { runCli, runCliAsync, startCliServer } from './helpers/env';
import { requestService } from './helpers/http';
import { penguins, PENGUIN_FEATURES, PENGUIN_SPECIES, trainedPenguins } from './helpers/models';
import { recordingForSuite } from './helpers/recording';
import { postJson } from './helpers/serving';
import { startWebhookReceiver } from './helpers/webhook';

/**
 * `mlnb models serve` over a registry holding the penguins classifier (4 → 16 → 3) trained on a
 * catalog dataset: v1 in production, v2 (trained less) in staging. One server follows
 * production for the whole suite; the shadow, drift and CLI tests start their own.
 */
describe('online serving of a registered model', () => {
  let server: RunningModelServer;
  // Before the recording's: jest runs afterAll hooks in the order they are declared, and the
  // server writes to the recording's store until it is closed.
  afterAll(() => server?.close());
  const recording = recordingForSuite();
  const told: string[] = [];
  const trained: tf.LayersModel[] = [];
  const { rows, labels } = penguins();
  const env = () => ({ MLNB_STORE: recording.target });
  const TOKEN = 'serving-test-token';
  const call = (route: string, body: unknown, token = TOKEN) => postJson(server.address, route, body, token);
  const start = (ref: string, extra: Partial<Parameters<typeof startModelServer>[0]> = {}) =>
    startModelServer({
      store: recording.store,
      ref,
      cwd: recording.dir,
      endpoint: { port: 0, host: '127.0.0.1', token: TOKEN },
      pollMs: 100,
      tell: message => told.push(message),
      ...extra
    });
  const predicted = (model: tf.LayersModel, x: number[][]) =>
    (model.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];

  beforeAll(async () => {
    const { recorder } = recording;
    // The training data is a catalog dataset the runs read: monitoring compares against its profile.
    const csv = path.join(recording.dir, 'penguins-train.csv');
    fs.writeFileSync(
      csv,
      [
        [...PENGUIN_FEATURES, 'Species'].map(f => `"${f}"`).join(','),
        ...rows.map((r, i) => [...r, PENGUIN_SPECIES[labels[i]]].join(','))
      ].join('\n')
    );
    const { record } = await registerFile(recording.store, csv, {
      name: 'penguins-train',
      createdBy: 'test'
    });
    for (const epochs of [40, 2]) {
      recorder.newRun(`penguins ${epochs} epochs`);
      await recorder.dataRef(csv, 'input', { dataset: `${record.name}@${record.version}` });
      const model = await trainedPenguins(epochs);
      trained.push(model);
      await evaluate(
        model,
        { x: rows, y: labels },
        { task: 'multiclass', labels: PENGUIN_SPECIES, featureNames: PENGUIN_FEATURES, repeats: 0 }
      );
      await models.register('penguins', model);
    }
    await recorder.finish('finished');
    await models.promote('penguins@1', 'production');
    await models.promote('penguins@2', 'staging');
    server = await start('penguins@production', { log: { sampleRate: 1, rowsPerVersion: 100_000 } });
  });

  test("MLflow's four scoring formats and TF Serving's answer what model.predict gives, naming the version", async () => {
    const x = rows.slice(0, 5);
    const expected = predicted(trained[0], x);
    const records = x.map(r => Object.fromEntries(PENGUIN_FEATURES.map((f, j) => [f, r[j]])));
    const bodies = [
      { dataframe_split: { columns: PENGUIN_FEATURES, data: x } },
      // Columns in another order are read by name.
      { dataframe_split: { columns: [...PENGUIN_FEATURES].reverse(), data: x.map(r => [...r].reverse()) } },
      { dataframe_records: records },
      { instances: x },
      { instances: records },
      { inputs: Object.fromEntries(PENGUIN_FEATURES.map((f, j) => [f, x.map(r => r[j])])) }
    ];
    for (const body of bodies) {
      const answer = await call('/invocations', body);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ model: 'penguins', version: 1 });
      answer.body.predictions.forEach((p: any, i: number) => {
        p.scores.forEach((s: number, k: number) => expect(s).toBeCloseTo(expected[i][k], 5));
        expect(p.label).toBe(PENGUIN_SPECIES[expected[i].indexOf(Math.max(...expected[i]))]);
        expect(p.requestId).toMatch(/^[0-9a-f-]{36}$/);
      });
    }
    const tfServing = await call('/v1/models/penguins:predict', { instances: x });
    expect(tfServing.status).toBe(200);
    expect(tfServing.body.version).toBe(1);
    expect(new Set(tfServing.body.requestIds).size).toBe(5);
    tfServing.body.predictions.forEach((scores: number[], i: number) =>
      scores.forEach((s, k) => expect(s).toBeCloseTo(expected[i][k], 5))
    );
  });

  test('every request needs the token; ping, health and Prometheus metrics answer', async () => {
    expect((await call('/invocations', { instances: [rows[0]] }, 'wrong')).status).toBe(401);
    expect((await call('/invocations', { instances: [rows[0]] }, '')).status).toBe(401);
    const health = await postJson(server.address, '/health', undefined, TOKEN, 'GET');
    expect(health.body).toMatchObject({
      model: 'penguins',
      version: 1,
      stage: 'production',
      following: 'production',
      warm: true
    });
    expect((await postJson(server.address, '/ping', undefined, TOKEN, 'GET')).status).toBe(200);
    const metrics = (await postJson(server.address, '/metrics', undefined, TOKEN, 'GET')).raw;
    expect(metrics).toMatch(/mlnb_serving_requests_total\{route="POST \/invocations",status="200"\} \d+/);
    expect(metrics).toMatch(/mlnb_serving_request_seconds_bucket/);
    expect(metrics).toMatch(/mlnb_serving_batch_rows_count \d+/);
    // What runs is what the registry says is serving.
    expect(await recording.store.models.servers('penguins', 0)).toEqual([
      expect.objectContaining({ address: server.address, version: 1 })
    ]);
  });

  test('concurrent requests are scored in shared tensor calls (micro-batches)', async () => {
    const batches = async () =>
      Number(
        /mlnb_serving_batch_rows_count (\d+)/.exec(
          (await postJson(server.address, '/metrics', undefined, TOKEN, 'GET')).raw
        )![1]
      );
    const before = await batches();
    const answers = await Promise.all(rows.slice(0, 40).map(r => call('/invocations', { instances: [r] })));
    expect(answers.every(a => a.status === 200)).toBe(true);
    expect((await batches()) - before).toBeLessThan(40);
  });

  test('bad input is a 400 naming the field, and the server keeps answering', async () => {
    const [a, b, c] = PENGUIN_FEATURES;
    const cases: [unknown, string][] = [
      [
        { dataframe_records: [{ [a]: 40, [b]: 18, [c]: 190 }] },
        `dataframe_records[0].${PENGUIN_FEATURES[3]}`
      ],
      [{ instances: [[40, '18', 190, 3800]] }, `instances[0].${b}`],
      [{ instances: [[40, 18, 190]] }, 'instances[0]'],
      [{ dataframe_split: { columns: [a, b, c], data: [[1, 2, 3]] } }, 'dataframe_split.columns'],
      [{ instances: [] }, 'instances'],
      [{ instances: [rows[0]], inputs: [rows[0]] }, 'body'],
      [{ rows: [rows[0]] }, 'body'],
      [
        { dataframe_records: [{ ...Object.fromEntries(PENGUIN_FEATURES.map(f => [f, 1])), Island: 3 }] },
        'dataframe_records[0].Island'
      ],
      ['', 'body'],
      ['{"instances": [[1, 2', 'body'],
      [
        `{"instances": [${Array.from({ length: 400_000 }, () => '[40.1, 18.2, 190.3, 3800.4]').join(',')}]}`,
        'body'
      ]
    ];
    for (const [body, field] of cases) {
      const answer = await call('/invocations', body);
      expect({ field: answer.body.field, status: answer.status }).toEqual({ field, status: 400 });
      expect(answer.body.error).toEqual(expect.any(String));
    }
    expect((await call('/v1/models/penguins:predict', { instances: [[1, 2]] })).body.field).toBe(
      'instances[0]'
    );
    expect((await call('/v1/models/other:predict', { instances: [rows[0]] })).status).toBe(404);
    expect((await call('/invocations', { instances: [rows[0]] })).status).toBe(200);
  });

  test('feedback turns into a live accuracy series on the version, which models show prints', async () => {
    const x = rows.slice(0, 20);
    const answer = await call('/invocations', { instances: x });
    let right = 0;
    for (const [i, p] of answer.body.predictions.entries()) {
      const truth = PENGUIN_SPECIES[labels[i]];
      right += p.label === truth ? 1 : 0;
      const fed = await call('/feedback', { requestId: p.requestId, label: truth });
      expect(fed.status).toBe(200);
      expect(fed.body).toMatchObject({
        version: 1,
        correct: p.label === truth,
        live: { key: 'live_accuracy', count: i + 1 }
      });
    }
    const series = (await recording.store.models.liveMetrics('penguins')).filter(p => p.version === 1);
    expect(series.map(p => p.count)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(series[19].value).toBeCloseTo(right / 20, 10);
    const shown = runCli(['models', 'show', 'penguins@1'], { cwd: recording.dir, env: env() });
    expect(shown.stdout).toContain(`live accuracy ${(right / 20).toFixed(4)} over 20 labels`);
    expect(shown.stdout).toMatch(/^ {2}accuracy\s+\d\.\d{4}$/m); // the offline evaluation beside it
    // A prediction takes one label; unknown ids and labels are refused.
    const once = answer.body.predictions[0].requestId;
    expect((await call('/feedback', { requestId: once, label: 'Adelie' })).status).toBe(404);
    const other = (await call('/invocations', { instances: [rows[0]] })).body.predictions[0].requestId;
    expect((await call('/feedback', { requestId: other, label: 'Emperor' })).body.field).toBe('label');
    expect((await call('/feedback', { label: 'Adelie' })).body.field).toBe('requestId');
  });

  test('shadow mode scores with the staging version too, counts agreement, and the client sees production', async () => {
    const shadowed = await start('penguins@production', { shadow: 'penguins@staging' });
    try {
      const x = rows.slice(0, 60);
      const answer = await postJson(shadowed.address, '/invocations', { instances: x }, TOKEN);
      expect(answer.body.version).toBe(1);
      const argmax = (r: number[]) => r.indexOf(Math.max(...r));
      const one = predicted(trained[0], x).map(argmax);
      const two = predicted(trained[1], x).map(argmax);
      const agreed = one.filter((p, i) => p === two[i]).length;
      await new Promise(resolve => setImmediate(resolve)); // the shadow scores after the answer
      const health = await postJson(shadowed.address, '/health', undefined, TOKEN, 'GET');
      expect(health.body.shadow).toEqual({
        model: 'penguins',
        version: 2,
        compared: 60,
        agreed,
        agreement: agreed / 60
      });
    } finally {
      await shadowed.close();
    }
  });

  test('drift: shifted requests cross the PSI threshold and a real webhook receives the alert', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const monitor = () =>
        runCliAsync(
          recording.dir,
          [
            'models',
            'monitor',
            'penguins',
            '--json',
            '--alert-psi',
            '0.25',
            '--webhook',
            `${receiver.url}/hook`
          ],
          env()
        );
      const logged = await start('penguins@1');
      await postJson(logged.address, '/invocations', { instances: rows }, TOKEN);
      await logged.close(); // writes the logged requests as a version of penguins-requests
      const calm = await monitor();
      expect(calm.status).toBe(0);
      const report = JSON.parse(calm.stdout);
      expect(report).toMatchObject({
        model: 'penguins',
        training: 'penguins-train@1',
        rows: rows.length,
        alert: false
      });
      expect(report.features.map((f: any) => f.feature)).toEqual(PENGUIN_FEATURES);
      expect(receiver.received).toEqual([]);

      const shifted = await start('penguins@1');
      await postJson(
        shifted.address,
        '/invocations',
        { instances: rows.map(r => [r[0], r[1], r[2], r[3] + 1500]) },
        TOKEN
      );
      await shifted.close();
      const drifted = await monitor();
      expect(drifted.status).toBe(0);
      const alert = JSON.parse(drifted.stdout);
      expect(alert.alert).toBe(true);
      const mass = alert.features.find((f: any) => f.feature === 'Body Mass (g)');
      expect(mass).toMatchObject({ drifted: true });
      expect(mass.psi).toBeGreaterThan(0.25);
      expect(mass.meanShiftStd).toBeGreaterThan(1.5);
      expect(alert.predictions.length).toBeGreaterThanOrEqual(2);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].body.text).toContain('Body Mass (g)');
    } finally {
      await receiver.close();
    }
  });

  test("the service gives the Models panel the model's servers and its drift", async () => {
    const service = await startService({ socket: path.join(recording.dir, 'mlnb.sock') }, recording.dir);
    try {
      const answer = await requestService(
        path.join(recording.dir, 'mlnb.sock'),
        'GET',
        '/api/models/penguins/serving'
      );
      expect(answer.status).toBe(200);
      expect(answer.body.servers).toEqual([
        expect.objectContaining({ address: server.address, following: 'production' })
      ]);
      expect(answer.body.monitor).toMatchObject({
        model: 'penguins',
        alert: true,
        training: 'penguins-train@1'
      });
      const unknown = await requestService(
        path.join(recording.dir, 'mlnb.sock'),
        'GET',
        '/api/models/nosuch/serving'
      );
      expect(unknown.status).toBe(404);
    } finally {
      await service.close();
    }
  });

  test('a promotion during a stream of requests swaps the version without failing one; a corrupt version is refused', async () => {
    let streaming = true;
    const versions: number[] = [];
    const failures: number[] = [];
    const stream = Array.from({ length: 4 }, async () => {
      while (streaming) {
        const answer = await call('/invocations', { instances: [rows[7]] });
        (answer.status === 200 ? versions : failures).push(
          answer.status === 200 ? answer.body.version : answer.status
        );
      }
    });
    while (versions.length < 20) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    await models.promote('penguins@2', 'production');
    await server.slot.check();
    const swappedAt = versions.length;
    while (versions.length < swappedAt + 20) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    streaming = false;
    await Promise.all(stream);
    expect(failures).toEqual([]);
    const firstTwo = versions.indexOf(2);
    expect(firstTwo).toBeGreaterThan(0);
    expect(versions.slice(firstTwo).every(v => v === 2)).toBe(true);
    expect(told).toContain('penguins@2 (production) now answers; it replaced version 1.');

    // Version 3's files change after registration: refused at load, version 2 keeps serving.
    await models.register('penguins', trained[0]);
    const v3 = await recording.store.models.version('penguins', 3);
    fs.appendFileSync(
      path.join(recording.store.artifactRoot, v3!.artifact.path, 'weights.bin'),
      Buffer.from([0])
    );
    await models.promote('penguins@3', 'production', { force: true });
    await server.slot.check();
    expect(told.some(m => m.startsWith('penguins@3 was not loaded, version 2 keeps serving'))).toBe(true);
    expect((await call('/invocations', { instances: [rows[0]] })).body.version).toBe(2);
  });

  test('mlnb models serve: a real server process, and bad flags are usage errors', async () => {
    const bad = runCli(['models', 'serve', 'penguins@1', '--sample-rate', '2'], {
      cwd: recording.dir,
      env: env()
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('a share from 0 to 1');
    const noPsi = runCli(['models', 'serve', 'penguins@1', '--webhook', 'http://127.0.0.1:9/'], {
      cwd: recording.dir,
      env: env()
    });
    expect({ status: noPsi.status, stderr: noPsi.stderr }).toEqual({
      status: 2,
      stderr: 'mlnb: --webhook needs --alert-psi, the PSI that sends an alert.\n'
    });
    const unknown = runCli(['models', 'serve', 'nosuch@production', '--port', '0'], {
      cwd: recording.dir,
      env: env()
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No model "nosuch"');

    const cli = await startCliServer(['models', 'serve', 'penguins@2', '--port', '0', '--token', TOKEN], {
      cwd: recording.dir,
      env: env()
    });
    try {
      expect(cli.output()).toMatch(/^serving penguins@2 \(stage \w+\) on http:\/\/127\.0\.0\.1:\d+\/$/m);
      const answer = await postJson(cli.address, '/invocations', { instances: [rows[0]] }, TOKEN);
      expect(answer.body).toMatchObject({ model: 'penguins', version: 2 });
      expect((await postJson(cli.address, '/invocations', { instances: [rows[0]] }, '')).status).toBe(401);
    } finally {
      const exited = new Promise(resolve => cli.child.once('exit', resolve));
      cli.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
