import { loadTypescriptFromCodeCache } from '../typescript';

/**
 * tslab's TypeScript, loaded from a code cache that also holds its compiler's functions (see
 * code-cache.ts). Imported by the child before tslab, which then gets this instance.
 */
export const typescriptCodeCache = loadTypescriptFromCodeCache();
