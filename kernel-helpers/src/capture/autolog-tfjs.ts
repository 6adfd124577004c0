import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recorder } from '../api';
import { saveLayersModel, type TfjsIo } from '../models/layers-format';
import { onModuleLoad } from './module-hooks';

// The few parts of tfjs that autolog touches, typed loosely: mlnb does not depend on tfjs.
interface Model {
  optimizer?: { getClassName?: () => string; learningRate?: number };
  loss?: unknown;
  layers?: { name: string; getClassName(): string; outputShape?: unknown; countParams(): number }[];
  countParams?: () => number;
  save(handler: unknown): Promise<unknown>;
}
type Fit = (this: Model, ...args: unknown[]) => Promise<unknown>;
interface Tfjs {
  LayersModel?: { prototype: { fit?: Fit; fitDataset?: Fit } };
  Sequential?: { prototype: { fit?: Fit; fitDataset?: Fit } };
  CustomCallback?: new (args: {
    onEpochEnd: (epoch: number, logs?: Record<string, number>) => Promise<void>;
  }) => unknown;
  io?: TfjsIo['io'];
  getBackend?: () => string;
}

const WRAPPED = Symbol('mlnb.autolog');

/** Re-entrancy guard: Sequential.fit calls the inner LayersModel.fit; record only the outer. */
let fitting = 0;

/** The params autolog records for a fit: optimizer, learning rate, loss, epochs, batch size, layers. */
function fitParams(model: Model, config: Record<string, unknown>, dataset: boolean): Record<string, unknown> {
  const layers = (model.layers ?? []).map(
    l => `${l.name}: ${l.getClassName()} ${JSON.stringify(l.outputShape)} (${l.countParams()} params)`
  );
  return {
    optimizer: model.optimizer?.getClassName?.() ?? null,
    learning_rate: model.optimizer?.learningRate ?? null,
    loss: Array.isArray(model.loss) || typeof model.loss === 'string' ? model.loss : null,
    epochs: (config.epochs as number | undefined) ?? 1,
    batch_size: dataset ? null : ((config.batchSize as number | undefined) ?? 32),
    layers,
    parameter_count: model.countParams?.() ?? null
  };
}

type EpochListener = (epoch: number, epochs: number) => void;
let epochListener: EpochListener | null = null;

/** Calls `listener` after each epoch of a fit (1-based) with the fit's epochs (progress of `mlnb run`). */
export function onFitEpoch(listener: EpochListener | null): void {
  epochListener = listener;
}

/** The user's callbacks plus ours, in the forms tfjs accepts (one, a list, or a config object). */
function withEpochLogger(tf: Tfjs, callbacks: unknown, epochs: number): unknown[] {
  const logger = new tf.CustomCallback!({
    onEpochEnd: async (epoch, logs) => {
      epochListener?.(epoch + 1, epochs);
      const values = Object.fromEntries(
        Object.entries(logs ?? {}).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
      );
      recorder().log(values, epoch);
    }
  });
  if (callbacks === undefined || callbacks === null) {
    return [logger];
  }
  if (Array.isArray(callbacks)) {
    return [...callbacks, logger];
  }
  const isCallbackObject = typeof callbacks === 'object' && 'setModel' in (callbacks as object);
  return [isCallbackObject ? callbacks : new tf.CustomCallback!(callbacks as never), logger];
}

/** Saves the model in the tfjs layers format (model.json + weights.bin) and keeps it with the run. */
async function saveModel(tf: Tfjs, model: Model): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-model-'));
  const target = path.join(dir, 'model');
  try {
    await saveLayersModel({ io: tf.io! }, model, target);
    await recorder().artifact(target, 'model');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function wrapFit(tf: Tfjs, fit: Fit, dataset: boolean): Fit {
  if ((fit as { [WRAPPED]?: boolean })[WRAPPED]) {
    return fit;
  }
  const wrapped = async function (this: Model, ...args: unknown[]) {
    if (fitting > 0) {
      return fit.apply(this, args);
    }
    const configIndex = dataset ? 1 : 2;
    const config = { ...((args[configIndex] as Record<string, unknown> | undefined) ?? {}) };
    const run = recorder();
    run.params(fitParams(this, config, dataset));
    run.setTfjsBackend(tf.getBackend?.() ?? null);
    config.callbacks = withEpochLogger(tf, config.callbacks, (config.epochs as number | undefined) ?? 1);
    const patchedArgs = [...args];
    patchedArgs[configIndex] = config;
    fitting++;
    let history;
    try {
      history = await fit.apply(this, patchedArgs);
    } finally {
      fitting--;
    }
    await saveModel(tf, this);
    return history;
  };
  return Object.assign(wrapped, { [WRAPPED]: true });
}

/** `tf.data.csv(source)` with a local file (a path or a file:// URL) records a data ref. */
function wrapCsv(csv: (source: unknown, ...rest: unknown[]) => unknown) {
  return function (this: unknown, source: unknown, ...rest: unknown[]) {
    const dataset = csv.call(this, source, ...rest);
    if (typeof source === 'string') {
      const file = source.startsWith('file://') ? new URL(source).pathname : source;
      if (!/^[a-z]+:\/\//i.test(file) && fs.existsSync(file)) {
        recorder()
          .dataRef(file, 'input')
          .catch(error => process.stderr.write(`mlnb: could not record ${file}: ${error.message}\n`));
      }
    }
    return dataset;
  };
}

/**
 * tfjs autolog: every `model.fit` and `model.fitDataset` records its configuration as params,
 * each epoch's logs (loss, acc, val_*) as metric series, and the trained model as an artifact
 * in the tfjs layers format, loadable in a browser or on a phone.
 */
export function autologTfjs(): void {
  // tf.data.csv reads tfjs-data's export at each access, so replacing the export is enough.
  onModuleLoad(['@tensorflow/tfjs-data'], exported => {
    const data = exported as { csv?: (source: unknown, ...rest: unknown[]) => unknown };
    if (typeof data.csv === 'function') {
      data.csv = wrapCsv(data.csv);
    }
  });
  onModuleLoad(
    ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-layers'],
    exported => {
      const tf = exported as Tfjs;
      if (!tf.CustomCallback || !tf.io) {
        return; // tfjs-layers alone: the umbrella package patches the same classes.
      }
      for (const cls of [tf.LayersModel, tf.Sequential]) {
        const proto = cls?.prototype;
        if (proto?.fit) {
          proto.fit = wrapFit(tf, proto.fit, false);
        }
        if (proto?.fitDataset) {
          proto.fitDataset = wrapFit(tf, proto.fitDataset, true);
        }
      }
    }
  );
}
