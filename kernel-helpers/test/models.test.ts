import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../src/evaluate';
import { models } from '../src/models';
import { saveLayersModel } from '../src/models/layers-format';
import { ENGINES } from './helpers/engines';
import { movesOf, stagesOf } from './helpers/model-stages';
import { expectValidModel, signalAndNoise, trainedClassifier } from './helpers/models';
import { recordingForSuite } from './helpers/recording';

const predictions = (model: tf.LayersModel, rows: number[][]) =>
  Array.from((model.predict(tf.tensor2d(rows)) as tf.Tensor).dataSync());

describe.each(ENGINES)('the model registry from a notebook, on a real %s store', engine => {
  const recording = recordingForSuite(engine, dir => ({ MLNB_ARTIFACTS: path.join(dir, 'artifacts') }));
  let model: tf.LayersModel;
  const { rows, labels } = signalAndNoise();
  const data = { x: rows, y: labels };

  beforeAll(async () => {
    model = await trainedClassifier();
  });

  test('register numbers versions from 1, ties each to its run and evaluation; load gives the same model back', async () => {
    const evaluation = await evaluate(model, data, {
      task: 'binary',
      repeats: 1,
      measure: { metric: 'accuracy', atLeast: 0.9 }
    });
    const first = await models.register('clf', model);
    expect(first).toMatchObject({
      name: 'clf',
      version: 1,
      stage: 'none',
      runId: recording.recorder.run!.id,
      measurePassed: true
    });
    expect(first.evaluation).toEqual(JSON.parse(JSON.stringify(evaluation)));
    const second = await models.register('clf', model);
    expect(second.version).toBe(2);

    const loaded = await models.load<tf.LayersModel>('clf@1');
    expect(predictions(loaded, rows.slice(0, 5))).toEqual(predictions(model, rows.slice(0, 5)));
    await recording.recorder.flush();
    const run = (await recording.store.runs.get(recording.recorder.run!.id))!;
    expect(run.dataRefs).toContainEqual(
      expect.objectContaining({ uri: 'models:/clf/1', role: 'input', sha256: first.artifact.sha256 })
    );
    expectValidModel(await models.get('clf'));
  });

  test('stages: production holds one version at a time, the one it replaces is archived, each move is in the history', async () => {
    await models.promote('clf@1', 'production');
    await models.promote('clf@2', 'staging');
    const moved = await models.promote('clf@2', 'production');
    expect(movesOf(moved)).toEqual(['v1 production → archived', 'v2 staging → production']);
    expect((await models.show('clf@production')).version).toBe(2);
    const record = (await models.get('clf'))!;
    expect(stagesOf(record)).toEqual(['v2 production', 'v1 archived']);
    expect(movesOf(record.history)).toEqual([
      'v2 staging → production',
      'v1 production → archived',
      'v2 none → staging',
      'v1 none → production'
    ]);
    expect(record.history[1].reason).toBe('replaced by version 2');
    expect((await models.list())[0]).toMatchObject({
      name: 'clf',
      latestVersion: 2,
      production: 2,
      staging: null
    });
  });

  test('a version that failed its measure is refused for production unless forced, and the force is recorded', async () => {
    recording.recorder.newRun('strict');
    await evaluate(model, data, {
      task: 'binary',
      repeats: 0,
      measure: { metric: 'f1_macro', atLeast: 1.01 }
    });
    const failed = await models.register('strict', model);
    expect(failed.measurePassed).toBe(false);
    await expect(models.promote('strict@1', 'production')).rejects.toThrow(
      /strict@1 failed its measure \(f1_macro >= 1\.01; observed 0\.\d{4}\), so it does not go to production/
    );
    expect((await models.show('strict@1')).stage).toBe('none');
    const [change] = await models.promote('strict@1', 'production', { force: true });
    expect(change).toMatchObject({ to: 'production', forced: true });
    expect((await models.get('strict'))!.history[0]).toMatchObject({ forced: true, to: 'production' });
  });

  test('a model kept with a run (as autolog keeps it) registers by "<run id>/model"', async () => {
    const saved = path.join(recording.dir, 'saved');
    await saveLayersModel(tf, model, saved);
    await recording.recorder.artifact(saved, 'model');
    const runId = recording.recorder.run!.id;
    const version = await models.register('from-run', `${runId.slice(0, 10)}/saved`);
    expect(version).toMatchObject({ version: 1, runId });
    await expect(models.register('from-run', `${runId}/nothing`)).rejects.toThrow(
      `Run ${runId} has no model artifact "nothing" (it has ${runId}/saved).`
    );
  });

  test.each([
    ['nope@production', 'No model "nope" in the registry (models: '],
    ['clf@staging', 'clf has no version in staging; its versions: 2 (production), 1 (archived).'],
    ['clf@9', 'clf has no version 9;'],
    ['clf@prod', '"prod" is neither a version number nor a stage (none, staging, production, archived).'],
    ['no name!', 'is not a model reference']
  ])('load(%j) is refused: %s', async (ref, message) => {
    await expect(models.load(ref)).rejects.toThrow(message);
  });

  test('promoting to an unknown stage is refused', async () => {
    await expect(models.promote('clf@1', 'live')).rejects.toThrow(
      '"live" is not a stage: one of none, staging, production, archived.'
    );
  });

  test('a version whose files changed since registration is refused on load', async () => {
    const version = await models.register('tampered', model);
    fs.appendFileSync(path.join(recording.store.artifactRoot, version.artifact.path, 'weights.bin'), 'x');
    await expect(models.load('tampered')).rejects.toThrow(
      /The files of tampered@1 .* changed since it was registered/
    );
  });
});
