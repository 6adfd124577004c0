import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectFollowsSchema } from './schemas';

/** Asserts that a model record (or, with `version`, one version) follows schemas/model.schema.json. */
export function expectValidModel(record: unknown, part: 'model' | 'version' = 'model'): void {
  expectFollowsSchema('model', record, part === 'model' ? undefined : 'version');
}

/**
 * A small fixed classification problem: the class is 1 when the first feature is above 0.5;
 * the second feature is noise. Rows are a deterministic sequence, not random.
 */
export function signalAndNoise(n = 200): { rows: number[][]; labels: number[] } {
  const rows = Array.from({ length: n }, (_, i) => [((i * 37) % 101) / 100, ((i * 53 + 17) % 97) / 96]);
  return { rows, labels: rows.map(r => (r[0] > 0.5 ? 1 : 0)) };
}

/** A one-layer logistic model trained on `signalAndNoise` for a few epochs. */
export async function trainedClassifier(epochs = 40, n = 200): Promise<tf.LayersModel> {
  const { rows, labels } = signalAndNoise(n);
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' })]
  });
  model.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy' });
  await model.fit(tf.tensor2d(rows), tf.tensor2d(labels.map(l => [l])), { epochs, verbose: 0 });
  return model;
}

export const PENGUIN_FEATURES = [
  'Beak Length (mm)',
  'Beak Depth (mm)',
  'Flipper Length (mm)',
  'Body Mass (g)'
];
export const PENGUIN_SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

/** vega-datasets' penguins with every measurement: rows of the four features and the species' index. */
export function penguins(): { rows: number[][]; labels: number[] } {
  const file = path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data', 'penguins.json');
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];
  const kept = all.filter(p => PENGUIN_FEATURES.every(f => typeof p[f] === 'number'));
  return {
    rows: kept.map(p => PENGUIN_FEATURES.map(f => p[f] as number)),
    labels: kept.map(p => PENGUIN_SPECIES.indexOf(p.Species as string))
  };
}

/** The penguins example's classifier: a fixed standardizing layer, then 4 → 16 → 3, trained `epochs` times. */
export async function trainedPenguins(epochs: number): Promise<tf.LayersModel> {
  const { rows, labels } = penguins();
  const columns = PENGUIN_FEATURES.map((_, j) => rows.map(r => r[j]));
  const means = columns.map(c => c.reduce((a, b) => a + b, 0) / c.length);
  const stds = columns.map((c, j) => Math.sqrt(c.reduce((a, b) => a + (b - means[j]) ** 2, 0) / c.length));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [4],
        units: 4,
        trainable: false,
        weights: [tf.diag(tf.tensor1d(stds.map(s => 1 / s))), tf.tensor1d(means.map((m, j) => -m / stds[j]))]
      }),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' })
    ]
  });
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy' });
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  await model.fit(tf.tensor2d(rows), y, { epochs, batchSize: 32, verbose: 0 });
  return model;
}
