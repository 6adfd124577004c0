import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The build's own generator, run as the build runs it (prettier cannot load inside jest's VM).
const SCRIPT = path.join(__dirname, '..', 'scripts', 'contracts.js');
const OUTPUT = path.join(__dirname, '..', 'src', 'contracts', 'index.ts');
const SCHEMAS = path.join(__dirname, '..', '..', 'schemas');

describe('contracts generated from schemas/', () => {
  let generated: string;
  beforeAll(() => {
    generated = execFileSync(process.execPath, [SCRIPT, '--stdout'], { encoding: 'utf8' });
  });

  test('src/contracts/index.ts is exactly what the schemas give (edit a schema, then build)', () => {
    expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(generated);
    const check = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  test('every service body of api.schema.json is a named type, and nothing of it is code', () => {
    const api = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'api.schema.json'), 'utf8'));
    const bodies = Object.entries(api.$defs as Record<string, { type?: string; enum?: unknown }>)
      .filter(([, schema]) => schema.type !== 'string')
      .map(([key]) => key[0].toUpperCase() + key.slice(1));
    for (const name of bodies) {
      expect(generated).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, 'm'));
    }
    // Types only: the extension imports this module into the browser bundle.
    const statements = generated.split('\n').filter(line => /^export (?!interface|type)/.test(line));
    expect(statements).toEqual([]);
  });

  test('the record types follow their schema: required fields are required, the rest optional', () => {
    const run = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'run.schema.json'), 'utf8'));
    const body = /^export interface RunRecord \{\n([\s\S]*?)^\}/m.exec(generated)![1];
    const fields = [...body.matchAll(/^ {2}(\w+)(\??):/gm)].map(([, name, optional]) => ({ name, optional }));
    expect(fields.map(f => f.name).sort()).toEqual(Object.keys(run.properties).sort());
    for (const field of fields) {
      expect({ [field.name]: field.optional === '' }).toEqual({
        [field.name]: run.required.includes(field.name)
      });
    }
  });
});
