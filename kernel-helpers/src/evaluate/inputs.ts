import { columnsOf } from '../catalog/frame';
import type { Task } from '../store/models/evaluation';

/** What `mlnb.evaluate` accepts, and turning it into rows of numbers and per-row targets. */

export type { Task };
export const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

/** The part of a tfjs Tensor evaluate reads (mlnb does not depend on tfjs). */
export interface TensorLike {
  shape: number[];
  arraySync(): unknown;
}

/** Features and targets as tensors or arrays: `{ x: xTest, y: yTest }`. */
export interface XY {
  x: TensorLike | number[][];
  /** Class indices, label strings, booleans, one-hot rows, or numbers for regression. */
  y: TensorLike | ArrayLike<number | string | boolean> | number[][];
}

/** A danfo DataFrame (or anything with `columns` and `column(name).values`). */
export interface FrameLike {
  columns: string[];
  column(name: string): { values: ArrayLike<unknown> };
}

export type EvaluationData = XY | FrameLike;

/** A problem with what was passed to evaluate: shapes, labels, options. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(`mlnb.evaluate: ${message}`);
    this.name = 'EvaluationError';
  }
}

export function isTensor(value: unknown): value is TensorLike {
  const t = value as TensorLike;
  return Array.isArray(t?.shape) && typeof t?.arraySync === 'function';
}

function isFrame(data: unknown): data is FrameLike {
  const frame = data as FrameLike;
  return Array.isArray(frame?.columns) && typeof frame.column === 'function';
}

export interface Table {
  rows: number[][];
  featureNames: string[];
  /** One raw target per row: a number, string, boolean, or a one-hot row. */
  targets: unknown[];
}

/** Rows of numbers from the features, checked to be a rectangle of finite numbers. */
function featureRows(x: unknown): number[][] {
  const rows = isTensor(x) ? x.arraySync() : x;
  if (!Array.isArray(rows) || rows.some(r => !Array.isArray(r) && !ArrayBuffer.isView(r))) {
    throw new EvaluationError('x must be a 2-D tensor or an array of rows (one array of numbers per row).');
  }
  const width = (rows[0] as ArrayLike<number> | undefined)?.length ?? 0;
  return rows.map((row: ArrayLike<unknown>, i) => {
    if (row.length !== width) {
      throw new EvaluationError(`x row ${i} has ${row.length} values, row 0 has ${width}.`);
    }
    return Array.from(row, (v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new EvaluationError(`x[${i}][${j}] is ${JSON.stringify(v)}, not a finite number.`);
      }
      return v;
    });
  });
}

/** Reads the features and targets of `data`, whatever its form, with the feature names. */
export function readTable(data: EvaluationData, target?: string, featureNames?: string[]): Table {
  if (isFrame(data)) {
    if (!target) {
      throw new EvaluationError('with a DataFrame, pass { target: "<label column>" }.');
    }
    if (!data.columns.includes(target)) {
      throw new EvaluationError(
        `the DataFrame has no column "${target}"; it has ${data.columns.join(', ')}.`
      );
    }
    const names = featureNames ?? data.columns.filter(c => c !== target);
    const columns = columnsOf(data, [...names, target]);
    for (const name of names) {
      const at = Array.from(columns[name]).findIndex(v => typeof v !== 'number' || !Number.isFinite(v));
      if (at >= 0) {
        throw new EvaluationError(
          `column "${name}" holds ${JSON.stringify(columns[name][at])} at row ${at}: features must be ` +
            'finite numbers (drop or fill missing values; pass featureNames to choose the columns).'
        );
      }
    }
    const n = columns[target].length;
    const rows = Array.from({ length: n }, (_, i) => names.map(name => columns[name][i] as number));
    return { rows: featureRows(rows), featureNames: names, targets: Array.from(columns[target]) };
  }
  if (!data || typeof data !== 'object' || !('x' in data) || !('y' in data)) {
    throw new EvaluationError('data must be { x, y } (tensors or arrays) or a danfo DataFrame.');
  }
  const rows = featureRows(data.x);
  const targets = isTensor(data.y) ? data.y.arraySync() : Array.from(data.y as ArrayLike<unknown>);
  if (!Array.isArray(targets)) {
    throw new EvaluationError('y must be a 1-D or 2-D tensor or an array.');
  }
  if (targets.length !== rows.length) {
    throw new EvaluationError(`x has ${rows.length} rows but y has ${targets.length}.`);
  }
  const width = rows[0]?.length ?? 0;
  if (featureNames && featureNames.length !== width) {
    throw new EvaluationError(`featureNames has ${featureNames.length} names but x has ${width} columns.`);
  }
  return {
    rows,
    featureNames: featureNames ?? Array.from({ length: width }, (_, j) => `x${j}`),
    targets
  };
}

/** Class indices for each row, and the labels, from targets in any of the accepted forms. */
export function classTargets(
  targets: unknown[],
  task: 'binary' | 'multiclass',
  given?: string[]
): { classes: number[]; labels: string[] } {
  const labels = given ? given.map(String) : defaultLabels(targets, task);
  if (new Set(labels).size !== labels.length) {
    throw new EvaluationError(`labels has duplicates: ${labels.join(', ')}.`);
  }
  if (task === 'binary' && labels.length !== 2) {
    throw new EvaluationError(`a binary task has 2 labels, not ${labels.length} (${labels.join(', ')}).`);
  }
  if (labels.length < 2) {
    throw new EvaluationError('classification needs at least 2 labels.');
  }
  const classes = targets.map((t, i) => {
    if (Array.isArray(t) || ArrayBuffer.isView(t)) {
      const row = Array.from(t as ArrayLike<number>);
      if (row.length === 1 && task === 'binary') {
        return classIndex(row[0], labels, i);
      }
      if (row.length !== labels.length) {
        throw new EvaluationError(
          `y row ${i} has ${row.length} values (one-hot) but there are ${labels.length} labels.`
        );
      }
      return row.indexOf(Math.max(...row));
    }
    return classIndex(t, labels, i);
  });
  return { classes, labels };
}

function classIndex(value: unknown, labels: string[], row: number): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value >= labels.length) {
      throw new EvaluationError(
        `y[${row}] is ${value}: a class index must be a whole number from 0 to ${labels.length - 1}.`
      );
    }
    return value;
  }
  if (typeof value === 'boolean' && labels.length === 2) {
    return value ? 1 : 0;
  }
  const index = labels.indexOf(String(value));
  if (index < 0) {
    throw new EvaluationError(
      `y[${row}] is ${JSON.stringify(value)}, which is not one of the labels (${labels.join(', ')}).`
    );
  }
  return index;
}

/** Labels when none are given: the sorted distinct strings, or indices for numeric targets. */
function defaultLabels(targets: unknown[], task: 'binary' | 'multiclass'): string[] {
  const first = targets.find(t => t !== null && t !== undefined);
  if (typeof first === 'string') {
    return [...new Set(targets.map(String))].sort();
  }
  if (typeof first === 'boolean') {
    return ['false', 'true'];
  }
  const width = Array.isArray(first) || ArrayBuffer.isView(first) ? (first as ArrayLike<number>).length : 0;
  if (task === 'binary') {
    return ['0', '1'];
  }
  const count = width > 1 ? width : Math.max(...targets.map(t => (typeof t === 'number' ? t : 0))) + 1;
  return Array.from({ length: count }, (_, i) => String(i));
}

/** Numeric targets for regression (a 1-D array or a column tensor). */
export function regressionTargets(targets: unknown[]): number[] {
  return targets.map((t, i) => {
    const value = Array.isArray(t) && t.length === 1 ? t[0] : t;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new EvaluationError(
        `y[${i}] is ${JSON.stringify(t)}: regression needs one finite number per row.`
      );
    }
    return value;
  });
}
