import * as fs from 'node:fs';
import { locateStore, StoreLocation } from './store/engine/locate';
import { MLNB_VERSION } from './version';

export interface MlnbInfo {
  version: string;
  store: StoreLocation & { exists: boolean };
}

/** The mlnb version and the store that code running in `cwd` writes to (without opening it). */
export function info(cwd: string = process.cwd()): MlnbInfo {
  const store = locateStore({ cwd });
  const exists = store.engine === 'sqlite' ? fs.existsSync(store.target) : true;
  return { version: MLNB_VERSION, store: { ...store, exists } };
}

/** Prints `info()` for people: what `%mlnb` shows in a cell. */
export function printInfo(cwd?: string): void {
  const { version, store } = info(cwd);
  const note = store.exists ? '' : ' (created on first write)';
  console.log(
    `mlnb ${version}\nstore: ${store.display} (${store.engine}, ${describeReason(store.reason)})${note}`
  );
}

function describeReason(reason: StoreLocation['reason']): string {
  switch (reason) {
    case 'MLNB_STORE':
      return 'from MLNB_STORE';
    case 'workspace':
      return 'nearest .mlnb/ folder';
    case 'created':
      return 'new workspace store';
    case 'home':
      return 'no .mlnb/ folder above, using the home store';
  }
}
