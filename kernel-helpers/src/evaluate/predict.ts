import { requireFromNotebook } from '../catalog/frame';
import { EvaluationError, isTensor, type Task, type TensorLike } from './inputs';

/** A tfjs model (anything with `predict(tensor)`), or a function from rows to outputs. */
export type Predictor =
  // `never`: any model's predict accepts a tensor, whatever its declared parameter type.
  | { predict: (x: never) => unknown }
  | ((rows: number[][]) => ArrayLike<number> | ArrayLike<ArrayLike<number>>);

interface Tfjs {
  tensor2d(rows: number[][]): TensorLike & { dispose(): void };
}

/** tfjs as the notebook has it: tfjs-node when installed (autolog uses it too), else tfjs. */
export function tfjsFor(cwd: string): Tfjs {
  try {
    return requireFromNotebook<Tfjs>('@tensorflow/tfjs-node', cwd);
  } catch {
    return requireFromNotebook<Tfjs>('@tensorflow/tfjs', cwd);
  }
}

/** Rows in, one array of outputs per row out (a single output becomes a one-element row). */
export function predictRows(model: Predictor, cwd: string): (rows: number[][]) => number[][] {
  if (typeof model === 'function') {
    return rows => outputRows(model(rows));
  }
  if (!model || typeof model.predict !== 'function') {
    throw new EvaluationError('model must be a tfjs model (with predict) or a function of rows.');
  }
  const tf = tfjsFor(cwd);
  return rows => {
    const input = tf.tensor2d(rows);
    try {
      const output = model.predict(input as never);
      if (!isTensor(output)) {
        throw new EvaluationError(
          'the model must give one output tensor (multi-output models are not supported).'
        );
      }
      try {
        return outputRows(output.arraySync());
      } finally {
        (output as TensorLike & { dispose(): void }).dispose();
      }
    } finally {
      input.dispose();
    }
  };
}

function outputRows(output: unknown): number[][] {
  if (!Array.isArray(output) && !ArrayBuffer.isView(output)) {
    throw new EvaluationError('the model gave no array of predictions.');
  }
  return Array.from(output as ArrayLike<unknown>, row =>
    Array.isArray(row) || ArrayBuffer.isView(row) ? Array.from(row as ArrayLike<number>) : [row as number]
  );
}

/** What a task reads from the outputs: class indices (and the positive score), or values. */
export interface Predictions {
  predicted: number[];
  /** Binary only: the score of the second label, for ROC-AUC. */
  scores?: number[];
}

/** Binary outputs are one score (of the second label) or two; at 0.5 or above, the second label. */
export const BINARY_THRESHOLD = 0.5;

export function readPredictions(outputs: number[][], task: Task, classes: number): Predictions {
  const width = outputs[0]?.length ?? 0;
  outputs.forEach((row, i) => {
    if (row.length !== width || row.some(v => typeof v !== 'number' || Number.isNaN(v))) {
      throw new EvaluationError(
        `the model's output for row ${i} is not ${width} numbers: ${JSON.stringify(row)}.`
      );
    }
  });
  if (task === 'regression') {
    if (width !== 1) {
      throw new EvaluationError(`regression needs one output per row; the model gives ${width}.`);
    }
    return { predicted: outputs.map(r => r[0]) };
  }
  if (task === 'binary') {
    if (width !== 1 && width !== 2) {
      throw new EvaluationError(`a binary model gives 1 or 2 scores per row; this one gives ${width}.`);
    }
    const scores = outputs.map(r => r[width - 1]);
    return { predicted: scores.map(s => (s >= BINARY_THRESHOLD ? 1 : 0)), scores };
  }
  if (width !== classes) {
    throw new EvaluationError(`the model gives ${width} scores per row but there are ${classes} labels.`);
  }
  return { predicted: outputs.map(r => r.indexOf(Math.max(...r))) };
}
