import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recorder } from '../api';
import { tfjsFor } from '../evaluate/predict';
import type { ModelRecord, ModelSummary, ModelVersionRecord, StageChange } from '../store/models/types';
import { loadLayersModel, saveLayersModel, type SavableModel, type TfjsIo } from './layers-format';
import { registerModelFolder, runModelFolder, type RunArtifactRef } from './register';
import { resolveModelVersion, verifiedModelDir } from './resolve';
import { promoteModel } from './stages';

export type { RunArtifactRef } from './register';

const isSavable = (value: unknown): value is SavableModel =>
  typeof (value as SavableModel)?.save === 'function';

/** The model registry, from a notebook. */
export const models = {
  /**
   * Registers a model as the next version of `name`, in stage "none": a tfjs model (saved in
   * the layers format, made by the current run), or a model kept with a run (`'<run id>/model'`,
   * as autolog keeps every trained model). The version carries its run's evaluation.
   * `await mlnb.models.register('penguins-classifier', model)`
   */
  async register(name: string, model: SavableModel | RunArtifactRef): Promise<ModelVersionRecord> {
    const rec = recorder();
    const store = await rec.store();
    let record: ModelVersionRecord;
    if (isSavable(model)) {
      const runId = rec.ensureRun().id;
      await rec.flush(); // the run's evaluation.json is written before it is read
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-register-'));
      try {
        await saveLayersModel(tfjsFor(rec.cwd) as unknown as TfjsIo, model, path.join(dir, 'model'));
        record = await registerModelFolder(store, name, path.join(dir, 'model'), runId);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } else {
      const { runId, dir } = await runModelFolder(store, model);
      record = await registerModelFolder(store, name, dir, runId);
    }
    const measure =
      record.measurePassed === null ? '' : record.measurePassed ? ', measure passed' : ', measure FAILED';
    console.log(`Registered ${record.name}@${record.version} (stage none${measure}).`);
    return record;
  },

  /**
   * Loads `name@production`, `name@staging`, `name@3` or `name` (the latest) as a tfjs model,
   * checking its files against the registered sha256, and records it as an input of the run.
   * `const model = await mlnb.models.load('penguins-classifier@production')`
   */
  async load<T = unknown>(ref: string): Promise<T> {
    const rec = recorder();
    const store = await rec.store();
    const version = await resolveModelVersion(store, ref);
    const dir = await verifiedModelDir(store, version);
    const model = await loadLayersModel(tfjsFor(rec.cwd) as unknown as TfjsIo, dir);
    await rec.dataRef(dir, 'input', { uri: modelUri(version), sha256: version.artifact.sha256 });
    return model as T;
  },

  /** One version (`name@3`, `name@production`, `name`): its stage, run, files and evaluation. */
  async show(ref: string): Promise<ModelVersionRecord> {
    return resolveModelVersion(await recorder().store(), ref);
  },

  /** A model with all its versions and the history of its stage changes. */
  async get(name: string): Promise<ModelRecord | null> {
    return (await recorder().store()).models.get(name);
  },

  async list(): Promise<ModelSummary[]> {
    return (await recorder().store()).models.list();
  },

  /** Moves a version to a stage (none, staging, production, archived); see `mlnb models promote`. */
  async promote(ref: string, stage: string, options: { force?: boolean } = {}): Promise<StageChange[]> {
    return promoteModel(await recorder().store(), ref, { stage, by: os.userInfo().username, ...options });
  }
};

/** How a run records the model version it loaded (MLflow's model URI form). */
export function modelUri(version: Pick<ModelVersionRecord, 'name' | 'version'>): string {
  return `models:/${version.name}/${version.version}`;
}
