import { createRequire } from 'node:module';
import * as path from 'node:path';
import { autologDanfo } from './autolog-danfo';
import { autologTfjs } from './autolog-tfjs';

/** Hooks tfjs and danfo, so runs record training and data reads with no code in the notebook. */
export function installAutolog(): void {
  autologTfjs();
  autologDanfo();
}

const IMPORTS_TFJS = /["']@tensorflow\/tfjs(-node(-gpu)?)?["']/;
let backendReady: Promise<string | null> | undefined;

/**
 * Before the first cell that imports tfjs runs: load tfjs and make its backend ready, so that
 * cell can use tensors at once. tfjs-node's native backend is used when installed; otherwise
 * the wasm backend (about twice as fast as the pure-JS cpu one here); else cpu.
 */
export function prepareTfjsBackend(source: string, rootDir: string): Promise<string | null> | undefined {
  if (backendReady || !IMPORTS_TFJS.test(source)) {
    return backendReady;
  }
  backendReady = (async () => {
    const load = createRequire(path.join(rootDir, 'noop.js'));
    const tryLoad = (name: string) => {
      try {
        return load(name);
      } catch {
        return undefined;
      }
    };
    const tf = tryLoad('@tensorflow/tfjs-node') ?? tryLoad('@tensorflow/tfjs');
    if (!tf) {
      return null; // The cell's own import will report the missing package.
    }
    if (tf.getBackend() !== 'tensorflow' && tryLoad('@tensorflow/tfjs-backend-wasm')) {
      await tf.setBackend('wasm').catch(() => false);
    }
    await tf.ready();
    return tf.getBackend() as string;
  })();
  return backendReady;
}
