import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './env';

const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);

/** The validator of schemas/<name>.schema.json, or with `def` of its `$defs/<def>`. */
function validatorOf(name: string, def?: string): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', `${name}.schema.json`), 'utf8'));
  if (!ajv.getSchema(schema.$id)) {
    ajv.addSchema(schema);
  }
  return ajv.getSchema(def ? `${schema.$id}#/$defs/${def}` : schema.$id)!;
}

/**
 * Asserts that `record` follows schemas/<name>.schema.json (with `def`, its `$defs/<def>`),
 * showing ajv's errors when not.
 */
export function expectFollowsSchema(name: string, record: unknown, def?: string): void {
  const validate = validatorOf(name, def);
  const valid = validate(record);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}
