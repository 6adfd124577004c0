import type * as TS from '@tslab/typescript-for-tslab';
import { createRequire } from 'node:module';
import { CodeCache, loadWithCodeCache } from './code-cache';

let loaded: typeof TS | undefined;

/**
 * tslab's own TypeScript (so parses match what tslab compiles), loaded on first use: it takes
 * about 0.1 s, which commands that never parse TypeScript should not pay.
 */
export function typescript(): typeof TS {
  return (loaded ??= tslabRequire()('@tslab/typescript-for-tslab'));
}

/** The file of tslab's TypeScript module. */
export function typescriptFile(): string {
  return tslabRequire().resolve('@tslab/typescript-for-tslab');
}

function tslabRequire(): NodeJS.Require {
  return createRequire(require.resolve('tslab/package.json'));
}

/**
 * Loads tslab's TypeScript from its code cache (see code-cache.ts), so that `typescript()` and
 * tslab get that instance; undefined when this process loaded it already.
 */
export function loadTypescriptFromCodeCache(): CodeCache | undefined {
  const file = typescriptFile();
  return loaded || require.cache[file] ? undefined : loadWithCodeCache(file);
}
