import * as fs from 'node:fs';
import * as path from 'node:path';
import { recorder } from '../api';
import { onModuleLoad } from './module-hooks';

/** danfo's readers, by the name under which its io/node module exports them. */
const READERS = ['readCSVNode', 'readJSONNode', 'readExcelNode'];

interface Frame {
  shape?: number[];
}

/** A local file path from what a danfo reader was given (a path or a file:// URL), if any. */
function localFile(source: unknown): string | null {
  if (typeof source !== 'string') {
    return null;
  }
  const file = source.startsWith('file://') ? new URL(source).pathname : source;
  if (/^[a-z]+:\/\//i.test(file)) {
    return null; // http(s): not a local file; nothing to hash here.
  }
  const resolved = path.resolve(file);
  return fs.existsSync(resolved) ? resolved : null;
}

function wrapReader<T extends (...args: unknown[]) => Promise<Frame>>(read: T): T {
  return async function (this: unknown, ...args: unknown[]) {
    const frame = await read.apply(this, args);
    const file = localFile(args[0]);
    if (file) {
      await recorder().dataRef(file, 'input', { rows: frame?.shape?.[0] ?? null });
    }
    return frame;
  } as T;
}

/**
 * Records a data ref (path, sha256, rows) for every file read with danfo's `readCSV`,
 * `readJSON` and `readExcel`. danfo re-exports its readers through getters over its
 * io/node module, so the readers are replaced there.
 */
export function autologDanfo(): void {
  onModuleLoad(['danfojs-node'], () => {
    for (const loaded of Object.values(require.cache)) {
      const exported = loaded?.exports as Record<string, unknown> | undefined;
      if (
        !exported ||
        !loaded!.filename.includes(`${path.sep}danfojs-base${path.sep}io${path.sep}node${path.sep}`)
      ) {
        continue;
      }
      for (const name of READERS) {
        const descriptor = Object.getOwnPropertyDescriptor(exported, name);
        const current = exported[name];
        if (descriptor?.configurable && typeof current === 'function') {
          Object.defineProperty(exported, name, { value: wrapReader(current as never), enumerable: true });
        }
      }
    }
  });
}
