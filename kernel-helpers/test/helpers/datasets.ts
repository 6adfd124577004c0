import * as path from 'node:path';
import { REPO_ROOT } from './env';
import { expectFollowsSchema } from './schemas';

/** Asserts that a record follows schemas/dataset.schema.json, showing the errors when not. */
export function expectValidDataset(record: unknown): void {
  expectFollowsSchema('dataset', record);
}

/** A file of the vega-datasets npm package (real public data for tests). */
export function vegaFile(name: string): string {
  return path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', name);
}
