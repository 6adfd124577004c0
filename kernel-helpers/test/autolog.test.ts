import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../src/store/runs/types';
import { vegaFile } from './helpers/datasets';
import { REPO_ROOT, runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { expectValidRun, readRuns } from './helpers/store';

const WEATHER = vegaFile('seattle-weather.csv');

describe('autolog in a headless run: tfjs training and danfo reads, with no tracking code', () => {
  let dir: string;
  let run: RunRecord;
  let outputs: string;

  beforeAll(async () => {
    dir = tempDir();
    // The notebook imports packages as a user's project would: from its node_modules.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    fs.copyFileSync(WEATHER, path.join(dir, 'weather.csv'));
    const nb = writeNotebook(dir, 'train.ipynb', [
      code(
        'load',
        // Tensors work in the very cell that imports tfjs: the backend was made ready before it ran.
        "import * as tf from '@tensorflow/tfjs';\nimport * as dfd from 'danfojs-node';\nconst df = await dfd.readCSV('weather.csv');\n" +
          'console.log(tf.tensor([1, 2]).sum().dataSync()[0]);\n' +
          "const csvRows = (await tf.data.csv('file://' + process.cwd() + '/weather.csv').toArray()).length;"
      ),
      code(
        'data',
        "const x = tf.tensor2d(df['temp_max'].values.map((t: number, i: number) => [t / 40, df['wind'].values[i] / 10]));\nconst y = tf.tensor2d(df['precipitation'].values.map((p: number) => [p > 0 ? 1 : 0]));"
      ),
      code(
        'model',
        "const epochs = 3;\nconst model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });\nmodel.compile({ optimizer: tf.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['accuracy'] });"
      ),
      code(
        'fit',
        'await model.fit(x, y, { epochs, batchSize: 64, validationSplit: 0.2 });\nconsole.log(tf.getBackend());'
      )
    ]);
    const result = runCli(['run', nb], { env: { MLNB_STORE: path.join(dir, 'store.db') } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    [run] = await readRuns(path.join(dir, 'store.db'));
    outputs = run.cells.map(c => c.status).join(',');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every cell ran', () => {
    expect(outputs).toBe('ok,ok,ok,ok');
    expectValidRun(run);
  });

  test('fit records its configuration as params', () => {
    expect(run.params).toMatchObject({
      optimizer: { type: 'string', value: 'Adam' },
      learning_rate: { type: 'number', value: 0.02 },
      loss: { type: 'string', value: 'binaryCrossentropy' },
      epochs: { type: 'number', value: 3 },
      batch_size: { type: 'number', value: 64 },
      parameter_count: { type: 'number', value: 17 }
    });
    expect(run.params.layers.value).toHaveLength(2);
  });

  test('each epoch is one point of every metric series, steps 0 to 2', () => {
    for (const key of ['loss', 'acc', 'val_loss', 'val_acc']) {
      expect(run.metrics[key].map(p => p.step)).toEqual([0, 1, 2]);
    }
  });

  test('the wasm backend trained, and the environment says so', () => {
    expect(run.environment.tfjsBackend).toBe('wasm');
    expect(run.environment.packages).toMatchObject({ '@tensorflow/tfjs': '4.22.0', 'danfojs-node': '1.2.0' });
  });

  test('the trained model is kept in the tfjs layers format and loads back', async () => {
    const artifact = run.artifacts.find(a => a.kind === 'model')!;
    const folder = path.join(dir, 'artifacts', artifact.path);
    const modelJson = JSON.parse(fs.readFileSync(path.join(folder, 'model.json'), 'utf8'));
    const weights = fs.readFileSync(path.join(folder, 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)
      })
    );
    expect(model.countParams()).toBe(17);
    const prediction = (model.predict(tf.tensor2d([[0.5, 0.3]])) as tf.Tensor).dataSync();
    expect(prediction[0]).toBeGreaterThan(0);
    expect(prediction[0]).toBeLessThan(1);
  });

  test('danfo readCSV and tf.data.csv are data refs with the file sha256 (and rows when known)', () => {
    const expected = createHash('sha256').update(fs.readFileSync(WEATHER)).digest('hex');
    const rows = fs.readFileSync(WEATHER, 'utf8').trim().split('\n').length - 1;
    const uri = path.join(dir, 'weather.csv');
    expect(run.dataRefs).toEqual([
      { uri, dataset: null, sha256: expected, role: 'input', rows },
      { uri, dataset: null, sha256: expected, role: 'input', rows: null }
    ]);
  });
});
