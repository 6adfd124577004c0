import { requireFromNotebook } from '../catalog/frame';
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
  backendReady = readyTfjs(rootDir).then(tf => (tf ? (tf.getBackend() as string) : null));
  return backendReady;
}

/**
 * The tfjs a folder resolves (else mlnb's own; tfjs-node when installed), its backend ready (wasm
 * when there is no native one); null without tfjs.
 */
export async function readyTfjs(rootDir: string): Promise<TfjsBackend | null> {
  const tryLoad = (name: string) => {
    try {
      return requireFromNotebook(name, rootDir);
    } catch {
      return undefined;
    }
  };
  const tf = (tryLoad('@tensorflow/tfjs-node') ?? tryLoad('@tensorflow/tfjs')) as TfjsBackend | undefined;
  if (!tf) {
    return null;
  }
  if (tf.getBackend() !== 'tensorflow' && tryLoad('@tensorflow/tfjs-backend-wasm')) {
    await tf.setBackend('wasm').catch(() => false);
  }
  await tf.ready();
  return tf;
}

interface TfjsBackend {
  getBackend(): string;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
}
