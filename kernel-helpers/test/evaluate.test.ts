import * as tf from '@tensorflow/tfjs';
import * as dfd from 'danfojs-node';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../src/evaluate';
import { computeEvaluation } from '../src/evaluate/evaluation';
import { signalAndNoise, trainedClassifier } from './helpers/models';
import { recordingForSuite } from './helpers/recording';

/** A model that answers from a lookup table: row [i] → the scores given for row i. */
const lookup = (outputs: number[][]) => (rows: number[][]) => rows.map(r => outputs[r[0]]);
const oneHot = (k: number) => (c: number) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0));
const indexRows = (n: number) => Array.from({ length: n }, (_, i) => [i]);

describe('evaluation metrics against values worked out by hand', () => {
  // true classes a a a b b c c c c b; predicted a a a b c c c a c b
  const truth = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c', 'b'];
  const predicted = [0, 0, 0, 1, 2, 2, 2, 0, 2, 1];
  const multiclass = computeEvaluation(
    lookup(predicted.map(oneHot(3))),
    { x: indexRows(10), y: truth },
    { task: 'multiclass', labels: ['a', 'b', 'c'], repeats: 0 }
  );

  test('multiclass: confusion matrix (true down, predicted across), accuracy, per-class and macro scores', () => {
    expect(multiclass.confusionMatrix).toEqual([
      [3, 0, 0],
      [0, 2, 1],
      [1, 0, 3]
    ]);
    expect(multiclass.metrics.accuracy).toBeCloseTo(8 / 10, 12);
    const perClass = Object.fromEntries(multiclass.perClass!.map(c => [c.label, c]));
    expect(perClass.a).toEqual({
      label: 'a',
      precision: 3 / 4,
      recall: 1,
      f1: expect.any(Number),
      support: 3
    });
    expect(perClass.a.f1).toBeCloseTo(6 / 7, 12);
    expect(perClass.b.precision).toBeCloseTo(1, 12);
    expect(perClass.b.recall).toBeCloseTo(2 / 3, 12);
    expect(perClass.b.f1).toBeCloseTo(4 / 5, 12);
    expect(perClass.c.f1).toBeCloseTo(3 / 4, 12);
    expect(multiclass.metrics.precision_macro).toBeCloseTo(5 / 6, 12);
    expect(multiclass.metrics.recall_macro).toBeCloseTo(29 / 36, 12);
    expect(multiclass.metrics.f1_macro).toBeCloseTo(337 / 420, 12);
    expect(multiclass.metrics.roc_auc).toBeUndefined();
  });

  test('class indices and one-hot targets give the same result as label strings', () => {
    for (const y of [[0, 0, 0, 1, 1, 2, 2, 2, 2, 1], [0, 0, 0, 1, 1, 2, 2, 2, 2, 1].map(oneHot(3))]) {
      const again = computeEvaluation(
        lookup(predicted.map(oneHot(3))),
        { x: indexRows(10), y },
        {
          task: 'multiclass',
          labels: ['a', 'b', 'c'],
          repeats: 0
        }
      );
      expect(again.confusionMatrix).toEqual(multiclass.confusionMatrix);
    }
  });

  test('binary: ROC-AUC counts ties as half, classes split at a score of 0.5', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.4, 0.1];
    const binary = computeEvaluation(
      lookup(scores.map(s => [s])),
      { x: indexRows(8), y: [1, 0, 1, 1, 0, 0, 1, 0] },
      { task: 'binary', labels: ['no', 'yes'], repeats: 0 }
    );
    // Positive-negative pairs ordered right: 4 + 3 + 3 + (1 + one tie at 0.4) = 11.5 of 16.
    expect(binary.metrics.roc_auc).toBeCloseTo(11.5 / 16, 12);
    // Predicted yes for the first five: TP 3, FP 2, FN 1, TN 2.
    expect(binary.confusionMatrix).toEqual([
      [2, 2],
      [1, 3]
    ]);
    expect(binary.metrics.accuracy).toBeCloseTo(5 / 8, 12);
    expect(binary.perClass![1]).toMatchObject({ label: 'yes', precision: 3 / 5, recall: 3 / 4 });
    expect(binary.perClass![0]).toMatchObject({ label: 'no', precision: 2 / 3, recall: 1 / 2 });
  });

  test("regression: RMSE, MAE and R² of scikit-learn's documented example", () => {
    const regression = computeEvaluation(
      lookup([[2.5], [0.0], [2], [8]]),
      { x: indexRows(4), y: [3, -0.5, 2, 7] },
      { task: 'regression', repeats: 0 }
    );
    expect(regression.metrics.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(regression.metrics.mae).toBeCloseTo(0.5, 12);
    expect(regression.metrics.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(regression.confusionMatrix).toBeNull();
  });

  test('a measure is passed or failed on its metric', () => {
    const judged = (measure: { metric: string; atLeast?: number; atMost?: number }) =>
      computeEvaluation(
        lookup(predicted.map(oneHot(3))),
        { x: indexRows(10), y: truth },
        {
          task: 'multiclass',
          labels: ['a', 'b', 'c'],
          repeats: 0,
          measure
        }
      ).measure;
    expect(judged({ metric: 'accuracy', atLeast: 0.8 })).toEqual({
      metric: 'accuracy',
      atLeast: 0.8,
      value: 0.8,
      passed: true
    });
    expect(judged({ metric: 'f1_macro', atLeast: 0.81 })).toMatchObject({ passed: false });
  });

  test('a danfo DataFrame is read with its target column and the other columns as features', () => {
    const frame = new dfd.DataFrame({ row: [0, 1, 2, 3], label: ['a', 'b', 'b', 'a'] });
    const evaluation = computeEvaluation(
      lookup([
        [1, 0],
        [0, 1],
        [1, 0],
        [1, 0]
      ]),
      frame,
      {
        task: 'multiclass',
        target: 'label',
        repeats: 0
      }
    );
    expect(evaluation.featureNames).toEqual(['row']);
    expect(evaluation.labels).toEqual(['a', 'b']);
    expect(evaluation.metrics.accuracy).toBeCloseTo(3 / 4, 12);
  });
});

describe('bad input to evaluate is refused with a message that names the problem', () => {
  const model = lookup([[0.2], [0.7], [0.9]]);
  const x = indexRows(3);
  test.each([
    ['x has 3 rows but y has 2', { x, y: [0, 1] }, { task: 'binary' }],
    [
      'y[2] is "eel", which is not one of the labels (cat, dog)',
      { x, y: ['cat', 'dog', 'eel'] },
      { task: 'binary', labels: ['cat', 'dog'] }
    ],
    [
      'the model gives 1 scores per row but there are 3 labels',
      { x, y: [0, 1, 2] },
      { task: 'multiclass', labels: ['a', 'b', 'c'] }
    ],
    ['y[2] is 5: a class index must be a whole number from 0 to 1', { x, y: [0, 1, 5] }, { task: 'binary' }],
    [
      'featureNames has 2 names but x has 1 columns',
      { x, y: [0, 1, 1] },
      { task: 'binary', featureNames: ['a', 'b'] }
    ],
    [
      'options.task must be one of binary, multiclass, regression',
      { x, y: [0, 1, 1] },
      { task: 'clustering' }
    ],
    [
      "is not one of binary's metrics",
      { x, y: [0, 1, 1] },
      { task: 'binary', measure: { metric: 'rmse', atMost: 1 } }
    ],
    [
      'with a DataFrame, pass { target: "<label column>" }',
      new dfd.DataFrame({ a: [1, 2, 3] }),
      { task: 'binary' }
    ],
    [
      'column "sex" holds "FEMALE" at row 0: features must be finite numbers',
      new dfd.DataFrame({ mass: [3, 4, 5], sex: ['FEMALE', 'MALE', 'MALE'], label: [0, 1, 1] }),
      { task: 'binary', target: 'label' }
    ],
    [
      'the DataFrame has no column "b"; it has a',
      new dfd.DataFrame({ a: [1, 2, 3] }),
      { task: 'binary', target: 'b' }
    ]
  ])('%s', (message, data, options) => {
    expect(() => computeEvaluation(model, data as never, { repeats: 0, ...options } as never)).toThrow(
      message
    );
  });
});

describe('mlnb.evaluate on a real tfjs model, logged on a run in a real store', () => {
  const recording = recordingForSuite();

  test('permutation importance ranks the informative feature above pure noise, and the run has it all', async () => {
    // y depends on the first feature only; the second is independent of it.
    const { rows, labels } = signalAndNoise(300);
    const model = await trainedClassifier(60, 300);

    const evaluation = await evaluate(
      model,
      { x: tf.tensor2d(rows), y: tf.tensor1d(labels) },
      {
        task: 'binary',
        featureNames: ['signal', 'noise'],
        repeats: 4,
        measure: { metric: 'accuracy', atLeast: 0.9 }
      }
    );

    const [first, second] = evaluation.importance.features;
    expect(first.feature).toBe('signal');
    expect(second.feature).toBe('noise');
    expect(first.drops).toHaveLength(4);
    expect(first.mean - first.std).toBeGreaterThan(second.mean + second.std);
    expect(evaluation.measure).toMatchObject({ passed: true });

    await recording.recorder.flush();
    const run = (await recording.store.runs.get(recording.recorder.run!.id))!;
    expect(run.metrics.accuracy[0].value).toBeCloseTo(evaluation.metrics.accuracy!, 12);
    expect(Object.keys(run.metrics)).toEqual(
      expect.arrayContaining(['f1_macro', 'roc_auc', 'precision_1', 'recall_0', 'measure_passed'])
    );
    expect(run.metrics.measure_passed[0].value).toBe(1);
    expect(run.params).toMatchObject({
      eval_task: { value: 'binary' },
      eval_measure: { value: 'accuracy >= 0.9' }
    });
    expect(run.tags['mlnb.measure']).toBe('passed');
    const artifact = run.artifacts.find(a => a.path.endsWith('evaluation.json'))!;
    const stored = JSON.parse(
      fs.readFileSync(path.join(recording.store.artifactRoot, artifact.path), 'utf8')
    );
    expect(stored).toEqual(JSON.parse(JSON.stringify(evaluation)));
    // The figures the notebook shows are kept too, for the run's detail view.
    const figures = JSON.parse(
      fs.readFileSync(path.join(recording.store.artifactRoot, run.id, 'evaluation-figures.json'), 'utf8')
    );
    expect(figures.map((f: { data: { type: string }[] }) => f.data[0].type)).toEqual(['heatmap', 'bar']);
    expect(figures[0].data[0].z).toEqual(evaluation.confusionMatrix);
  });
});
