import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The tfjs layers format on disk: `model.json` (topology and weights manifest) beside
 * `weights.bin`, as `tf.loadLayersModel` reads it in a browser or on a phone. Node's tfjs
 * without tfjs-node has no `file://` handler, so mlnb writes and reads the files itself.
 */

export interface ModelArtifacts {
  modelTopology?: unknown;
  weightSpecs?: unknown[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
}

/** The parts of tfjs used to save and load (typed loosely: mlnb does not depend on tfjs). */
export interface TfjsIo {
  io: {
    withSaveHandler(save: (artifacts: ModelArtifacts) => Promise<unknown>): unknown;
    fromMemory(artifacts: ModelArtifacts): unknown;
  };
  loadLayersModel(handler: unknown): Promise<unknown>;
}

export interface SavableModel {
  save(handler: unknown): Promise<unknown>;
}

export const MODEL_JSON = 'model.json';
const WEIGHTS = 'weights.bin';

/** Saves a tfjs layers model into the folder `target` (created). */
export async function saveLayersModel(
  tf: Pick<TfjsIo, 'io'>,
  model: SavableModel,
  target: string
): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async artifacts => {
      fs.mkdirSync(target, { recursive: true });
      const weights = Array.isArray(artifacts.weightData)
        ? Buffer.concat(artifacts.weightData.map(b => Buffer.from(b)))
        : Buffer.from(artifacts.weightData ?? new ArrayBuffer(0));
      fs.writeFileSync(path.join(target, WEIGHTS), weights);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [`./${WEIGHTS}`], weights: artifacts.weightSpecs }]
      };
      fs.writeFileSync(path.join(target, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    })
  );
}

/** Loads the layers model in `dir` (model.json and the weight files its manifest names). */
export async function loadLayersModel(tf: TfjsIo, dir: string): Promise<unknown> {
  const file = path.join(dir, MODEL_JSON);
  if (!fs.existsSync(file)) {
    throw new Error(`${dir} holds no ${MODEL_JSON}: it is not a tfjs layers model.`);
  }
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    modelTopology: unknown;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    trainingConfig?: unknown;
  };
  const groups = json.weightsManifest ?? [];
  const weights = Buffer.concat(groups.flatMap(g => g.paths.map(p => fs.readFileSync(path.join(dir, p)))));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: groups.flatMap(g => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      trainingConfig: json.trainingConfig
    })
  );
}
