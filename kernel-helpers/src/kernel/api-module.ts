import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../version';

/**
 * Where cells import the mlnb API from. The package's declarations are one bundled file
 * (dist/mlnb.d.ts, written by `npm run build`) because tslab rebuilds its program for every cell
 * and part of that work is per file: one file instead of about thirty makes every cell cheaper.
 * A bundle older than the compiled declarations (after a bare `tsc -b`) would describe an older
 * API, so then the compiled entry is imported, with its own declarations.
 */
export function apiModule(): string {
  const dist = path.join(PACKAGE_ROOT, 'dist');
  try {
    if (
      fs.statSync(path.join(dist, 'mlnb.d.ts')).mtimeMs >= fs.statSync(path.join(dist, 'index.d.ts')).mtimeMs
    ) {
      return PACKAGE_ROOT;
    }
  } catch {
    // No bundle: the compiled entry below.
  }
  return path.join(dist, 'index');
}
