import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './env';

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
const validateDataset = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'dataset.schema.json'), 'utf8'))
);

/** Asserts that a record follows schemas/dataset.schema.json, showing the errors when not. */
export function expectValidDataset(record: unknown): void {
  const valid = validateDataset(record);
  expect(validateDataset.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** A file of the vega-datasets npm package (real public data for tests). */
export function vegaFile(name: string): string {
  return path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', name);
}
