import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelError, type ModelVersionRecord } from '../store/models/types';
import type { Store } from '../store/engine/store';
import { MODEL_JSON } from './layers-format';
import { resolveModelVersion, verifiedModelDir } from './resolve';

/**
 * Writes a version's tfjs layers files (model.json and its weights) into `out`, for a phone or
 * a browser: `tf.loadLayersModel('<url>/model.json')` reads them as they are.
 */
export async function exportModel(
  store: Store,
  ref: string,
  out: string
): Promise<{ version: ModelVersionRecord; files: string[] }> {
  const version = await resolveModelVersion(store, ref);
  const dir = await verifiedModelDir(store, version);
  if (fs.existsSync(path.join(out, MODEL_JSON))) {
    throw new ModelError(`${out} already holds a ${MODEL_JSON}; choose an empty folder.`);
  }
  fs.mkdirSync(out, { recursive: true });
  fs.cpSync(dir, out, { recursive: true });
  return { version, files: modelFiles(dir) };
}

/** The files of a model folder, relative and sorted (model.json first). */
export function modelFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter(f => fs.statSync(path.join(dir, f)).isFile())
    .sort((a, b) => Number(b === MODEL_JSON) - Number(a === MODEL_JSON) || a.localeCompare(b));
}
