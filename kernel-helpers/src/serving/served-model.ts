import { readyTfjs } from '../capture/autolog';
import { predictRows, readPredictions, tfjsFor } from '../evaluate/predict';
import { loadLayersModel, type TfjsIo } from '../models/layers-format';
import { verifiedModelDir } from '../models/resolve';
import type { Store } from '../store/engine/store';
import type { Task } from '../store/models/evaluation';
import type { ModelVersionRecord } from '../store/models/types';

/** What one row's outputs say: the label a classifier chose, or a regression's value. */
export interface Reading {
  label: string | null;
  /** The class index (classifiers) the feedback compares with. */
  index: number | null;
  value: number | null;
}

/** A registry version loaded for scoring, with what its evaluation says about its inputs and outputs. */
export interface ServedModel {
  version: ModelVersionRecord;
  task: Task;
  /** The input columns in the order the model takes them. */
  features: string[];
  /** Class names in output order (classifiers); null for regression. */
  labels: string[] | null;
  /** One output row per input row, in one tensor call. */
  predict(rows: number[][]): number[][];
  read(outputs: number[][]): Reading[];
}

/**
 * Loads a version: its files must match the registered sha256 (else a ModelError, and nothing
 * is loaded), then one row is scored so the first request does not pay the backend's warm-up.
 */
export async function loadServedModel(
  store: Store,
  version: ModelVersionRecord,
  cwd: string
): Promise<ServedModel> {
  const dir = await verifiedModelDir(store, version);
  await readyTfjs(cwd);
  const tf = tfjsFor(cwd) as unknown as TfjsIo;
  const model = (await loadLayersModel(tf, dir)) as {
    inputs: { shape: (number | null)[] }[];
    predict: never;
  };
  const width = model.inputs[0].shape[model.inputs[0].shape.length - 1] ?? 0;
  const evaluation = version.evaluation;
  const features = evaluation?.featureNames.length
    ? evaluation.featureNames
    : Array.from({ length: width }, (_, i) => `x${i}`);
  const predict = predictRows(model as { predict: never }, cwd);
  const warm = predict([features.map(() => 0)]);
  const task: Task = evaluation?.task ?? (warm[0].length === 1 ? 'regression' : 'multiclass');
  const labels =
    task === 'regression'
      ? null
      : (evaluation?.labels ?? (task === 'binary' ? ['0', '1'] : warm[0].map((_, i) => String(i))));
  return {
    version,
    task,
    features,
    labels,
    predict,
    read(outputs) {
      const { predicted } = readPredictions(outputs, task, labels?.length ?? 0);
      return predicted.map(p =>
        labels
          ? { label: labels[p] ?? String(p), index: p, value: null }
          : { label: null, index: null, value: p }
      );
    }
  };
}
