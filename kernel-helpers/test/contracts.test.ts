import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The build's own generator, run as the build runs it (prettier cannot load inside jest's VM).
const SCRIPT = path.join(__dirname, '..', 'scripts', 'contracts.js');
const CONTRACTS = path.join(__dirname, '..', 'src', 'contracts');
const SCHEMAS = path.join(__dirname, '..', '..', 'schemas');

const read = (module: string) => fs.readFileSync(path.join(CONTRACTS, module), 'utf8');
const schema = (file: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));

describe('contracts generated from schemas/', () => {
  test('src/contracts is exactly what the schemas give (edit a schema, then build)', () => {
    const check = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  test('a schema changed without building is caught, naming the module to regenerate', () => {
    // A copy of the generator and its inputs, so the checkout is never touched.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-contracts-'));
    try {
      fs.cpSync(SCHEMAS, path.join(root, 'schemas'), { recursive: true });
      fs.copyFileSync(path.join(SCHEMAS, '..', '.prettierrc.json'), path.join(root, '.prettierrc.json'));
      fs.mkdirSync(path.join(root, 'kernel-helpers', 'scripts'), { recursive: true });
      fs.mkdirSync(path.join(root, 'kernel-helpers', 'src'), { recursive: true });
      fs.cpSync(CONTRACTS, path.join(root, 'kernel-helpers', 'src', 'contracts'), { recursive: true });
      fs.copyFileSync(SCRIPT, path.join(root, 'kernel-helpers', 'scripts', 'contracts.js'));
      fs.symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(root, 'node_modules'));
      const health = schema('health.schema.json');
      health.properties.uptimeSeconds = { type: 'number' };
      fs.writeFileSync(path.join(root, 'schemas', 'health.schema.json'), JSON.stringify(health));

      const script = path.join(root, 'kernel-helpers', 'scripts', 'contracts.js');
      const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
      expect(check.status).toBe(1);
      expect(check.stderr).toContain('kernel-helpers/src/contracts/health.ts');
      expect(check.stderr).not.toContain('run.ts');

      expect(spawnSync(process.execPath, [script], { encoding: 'utf8' }).status).toBe(0);
      const regenerated = fs.readFileSync(
        path.join(root, 'kernel-helpers', 'src', 'contracts', 'health.ts'),
        'utf8'
      );
      expect(regenerated).toMatch(/^ {2}uptimeSeconds\?: number;$/m);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('every service body of api.schema.json is a named type, and the contracts hold no code', () => {
    const all = fs.readdirSync(CONTRACTS).map(read).join('\n');
    const bodies = Object.entries(schema('api.schema.json').$defs as Record<string, { type?: string }>)
      .filter(([, def]) => def.type !== 'string')
      .map(([key]) => key[0].toUpperCase() + key.slice(1));
    for (const name of bodies) {
      expect(all).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, 'm'));
    }
    // Types only: the extension imports these modules into the browser bundle.
    for (const module of fs.readdirSync(CONTRACTS)) {
      const statements = read(module)
        .split('\n')
        .filter(line => /^(export|import) (?!interface|type)/.test(line));
      expect({ module, statements }).toEqual({ module, statements: [] });
    }
  });

  test('a record type has the fields of its schema: the required ones required, the rest optional', () => {
    const run = schema('run.schema.json');
    const body = /^export interface RunRecord \{\n([\s\S]*?)^\}/m.exec(read('run.ts'))![1];
    const fields = [...body.matchAll(/^ {2}(\w+)(\??):/gm)].map(([, name, optional]) => ({ name, optional }));
    expect(fields.map(f => f.name).sort()).toEqual(Object.keys(run.properties).sort());
    for (const field of fields) {
      expect({ [field.name]: field.optional === '' }).toEqual({
        [field.name]: run.required.includes(field.name)
      });
    }
  });
});
