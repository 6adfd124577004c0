import * as fs from 'node:fs';
import * as path from 'node:path';

/** This package's folder (src/ and dist/ are both one level below it). */
const PACKAGE_DIR = path.resolve(__dirname, '..');

/**
 * The compiled script `relative` (e.g. 'runner/child.js') that a process or thread should run:
 * beside the caller once built; in dist/ when the caller runs from src/ (ts-jest), since a child
 * process or worker thread cannot load TypeScript. Undefined when neither exists.
 */
export function builtScript(relative: string): string | undefined {
  const here = path.join(__dirname, relative);
  const dist = path.join(PACKAGE_DIR, 'dist', relative);
  return [here, dist].find(file => fs.existsSync(file));
}
