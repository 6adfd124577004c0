import * as tf from '@tensorflow/tfjs';
import * as path from 'node:path';
import { evaluate } from '../src/evaluate';
import { models } from '../src/models';
import { loadLayersModel, saveLayersModel } from '../src/models/layers-format';
import { RunningService, startService } from '../src/server/serve';
import { runCli } from './helpers/env';
import { expectErrorAnswer, listenToEvents, requestService } from './helpers/http';
import { expectValidModel, signalAndNoise, trainedClassifier } from './helpers/models';
import { recordingForSuite } from './helpers/recording';

/**
 * `mlnb models …` (the real CLI in a child process) and the service's /api/models, over a
 * registry filled from a notebook's API: `clf` v1 passed its measure (production), v2 failed it.
 */
describe('the model registry from the command line and the service', () => {
  let service: RunningService;
  let model: tf.LayersModel;
  let keptBy: string;
  const recording = recordingForSuite();
  const env = () => ({ MLNB_STORE: recording.target });
  const cli = (...args: string[]) => runCli(['models', ...args], { cwd: recording.dir, env: env() });
  const call = (url: string) => requestService(path.join(recording.dir, 'mlnb.sock'), 'GET', url);

  beforeAll(async () => {
    model = await trainedClassifier();
    const { rows, labels } = signalAndNoise();
    await evaluate(
      model,
      { x: rows, y: labels },
      { task: 'binary', repeats: 0, measure: { metric: 'accuracy', atLeast: 0.9 } }
    );
    await models.register('clf', model);
    await models.promote('clf@1', 'production');
    recording.recorder.newRun('too strict');
    await evaluate(
      model,
      { x: rows, y: labels },
      { task: 'binary', repeats: 0, measure: { metric: 'accuracy', atLeast: 1.5 } }
    );
    await models.register('clf', model);
    // As tfjs autolog keeps a trained model with its run: the folder "model".
    await saveLayersModel(tf, model, path.join(recording.dir, 'kept', 'model'));
    await recording.recorder.artifact(path.join(recording.dir, 'kept', 'model'), 'model');
    keptBy = recording.recorder.run!.id;
    await recording.recorder.finish('finished');
    service = await startService({ socket: path.join(recording.dir, 'mlnb.sock') }, recording.dir);
  });
  afterAll(async () => {
    await service.close();
  });

  test('models list and show, as tables and as JSON following schemas/model.schema.json', () => {
    const list = cli('list');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(
      /^NAME\s+LATEST\s+STAGING\s+PRODUCTION\s+VERSIONS\s+UPDATED\nclf\s+2\s+1\s+2\s/
    );
    const shown = cli('show', 'clf');
    expect(shown.stdout).toMatch(/^2\s+none\s+accuracy 0\.\d{4}, f1_macro 0\.\d{4}\s+FAILED/m);
    expect(shown.stdout).toMatch(/^1\s+production\s+.*passed/m);
    expect(shown.stdout).toMatch(/version 1 none → production/);
    expectValidModel(JSON.parse(cli('show', 'clf', '--json').stdout));
    const production = JSON.parse(cli('show', 'clf@production', '--json').stdout);
    expectValidModel(production, 'version');
    expect(production).toMatchObject({ version: 1, stage: 'production', measurePassed: true });
  });

  test('promote refuses a version that failed its measure (exit 2), --force moves it and the history says so', () => {
    const refused = cli('promote', 'clf@2', '--stage', 'production');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /mlnb: clf@2 failed its measure \(accuracy >= 1\.5; observed 0\.\d+\).*Pass --force/
    );
    const forced = cli('promote', 'clf@2', '--stage', 'production', '--force');
    expect(forced.stderr).toBe('');
    expect(forced.stdout).toBe('clf@1: production → archived\nclf@2: none → production (forced)\n');
    const record = JSON.parse(cli('show', 'clf', '--json').stdout);
    expect(record.history[0]).toMatchObject({ version: 2, to: 'production', forced: true });
    expect(cli('show', 'clf').stdout).toMatch(/version 2 none → production \(FORCED\)/);
    // Put things back for the other tests: v1 in production again.
    expect(cli('promote', 'clf@1', '--stage', 'production').status).toBe(0);
  });

  test.each([
    [['show', 'nope'], 'mlnb: No model "nope" in the registry (models: clf).'],
    [
      ['show', 'clf@staging'],
      'mlnb: clf has no version in staging; its versions: 2 (archived), 1 (production).'
    ],
    [
      ['promote', 'clf@1', '--stage', 'live'],
      'mlnb: "live" is not a stage: one of none, staging, production, archived.'
    ],
    [
      ['export', 'clf@7', '--out', 'x'],
      'mlnb: clf has no version 7; its versions: 2 (archived), 1 (production).'
    ]
  ])('models %j fails with a clear message and exit 2', (args, message) => {
    const result = cli(...args);
    expect(result.stderr.trim()).toBe(message);
    expect(result.status).toBe(2);
  });

  test('export writes model.json and its weights, which tfjs loads into the same model', async () => {
    const out = path.join(recording.dir, 'exported');
    const result = cli('export', 'clf@production', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`exported clf@1 to ${out}: model.json, weights.bin\n`);
    const loaded = (await loadLayersModel(tf, out)) as tf.LayersModel;
    const x = tf.tensor2d([
      [0.9, 0.1],
      [0.1, 0.9]
    ]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync())
    );
    expect(cli('export', 'clf@production', '--out', out).stderr).toMatch(/already holds a model\.json/);
  });

  test('GET /api/models, /api/models/{name} and a version with its files for download', async () => {
    const list = await call('/api/models');
    expect(list.status).toBe(200);
    expect(list.body.models).toEqual([
      expect.objectContaining({ name: 'clf', latestVersion: 2, production: 1 })
    ]);
    const one = await call('/api/models/clf');
    expectValidModel(one.body);
    const version = await call('/api/models/clf/versions/production');
    expectValidModel(version.body, 'version');
    expect(version.body.files).toEqual(['model.json', 'weights.bin']);
    const modelJson = await call('/api/models/clf/versions/1/files/model.json');
    expect(modelJson.status).toBe(200);
    expect(modelJson.body.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const weights = await call('/api/models/clf/versions/1/files/weights.bin');
    expect(weights.status).toBe(200);
    expect(weights.raw.length).toBeGreaterThan(0);
  });

  test.each([
    ['/api/models/nope', 404],
    ['/api/models/clf/versions/9', 404],
    ['/api/models/clf/versions/live', 400],
    ['/api/models/clf/versions/1/files/..%2F..%2Fstore.db', 403],
    ['/api/models/clf/versions/1/files/', 400],
    ['/api/models/clf/versions/1/files/missing.bin', 404]
  ])('GET %s answers %i with an error message', async (url, status) => {
    const response = await call(url);
    expectErrorAnswer(response, status);
  });

  test('models register (another process) takes the model a run kept, and the event stream announces it', async () => {
    const listening = await listenToEvents(
      path.join(recording.dir, 'mlnb.sock'),
      event => event.type === 'model-changed' && event.name === 'kept'
    );
    const registered = cli('register', 'kept', '--run', keptBy.slice(0, 8), '--json');
    expect(registered.stderr).toBe('');
    const version = JSON.parse(registered.stdout);
    expectValidModel(version, 'version');
    expect(version).toMatchObject({ name: 'kept', version: 1, runId: keptBy, measurePassed: false });
    await listening.seen;
    listening.stop();

    const unknown = cli('register', 'kept', '--run', 'ffffffff');
    expect(unknown.stderr.trim()).toBe('mlnb: No run "ffffffff" to take a model from.');
    expect(unknown.status).toBe(2);
  });
});
