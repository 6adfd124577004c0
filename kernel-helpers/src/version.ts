import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where this package is installed: the folder holding its package.json. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');

/** The version of the mlnb package, read once from its package.json. */
export const MLNB_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')
).version;
