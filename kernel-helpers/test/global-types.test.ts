import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';

/**
 * Which @types packages' globals cells see: node's (and those MLNB_GLOBAL_TYPES names), not every
 * package in node_modules/@types; a package's own types still come with its import.
 */
describe('global types in cells', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    // A package of ambient globals (like a test runner's), and a typed module.
    write('node_modules/@types/ambient/package.json', '{"name":"@types/ambient","types":"index.d.ts"}');
    write('node_modules/@types/ambient/index.d.ts', 'declare const AMBIENT_GLOBAL: number;\n');
    write('node_modules/typed/package.json', '{"name":"typed","main":"index.js","types":"index.d.ts"}');
    write('node_modules/typed/index.js', 'exports.twice = x => 2 * x;\n');
    write('node_modules/typed/index.d.ts', 'export declare function twice(x: number): number;\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (name: string, source: string, env: NodeJS.ProcessEnv = {}) => {
    const nb = writeNotebook(dir, `${name}.ipynb`, [code('a', source)]);
    const out = path.join(dir, `${name}.out.ipynb`);
    const result = runCli(['run', nb, '-o', out], {
      cwd: dir,
      env: { MLNB_STORE: path.join(dir, 'store.db'), ...env }
    });
    const outputs = JSON.parse(fs.readFileSync(out, 'utf8')).cells[0].outputs;
    return { status: result.status, text: JSON.stringify(outputs) };
  };

  test("node's globals are typed, and a package's types come with its import", () => {
    const typed = run(
      'typed',
      "import { twice } from 'typed';\nconst pid: number = process.pid;\nconsole.log(twice(pid) > 0);"
    );
    expect(typed).toEqual({ status: 0, text: expect.stringContaining('true') });
    const mistyped = run('mistyped', "import { twice } from 'typed';\ntwice('2');");
    expect(mistyped.status).toBe(1);
    expect(mistyped.text).toContain("not assignable to parameter of type 'number'");
  });

  test('other @types packages put no globals in scope, unless MLNB_GLOBAL_TYPES names them', () => {
    const source = 'console.log(typeof AMBIENT_GLOBAL);';
    const unnamed = run('unnamed', source);
    expect(unnamed.status).toBe(1);
    expect(unnamed.text).toContain("Cannot find name 'AMBIENT_GLOBAL'");
    expect(run('named', source, { MLNB_GLOBAL_TYPES: 'jest, ambient' })).toEqual({
      status: 0,
      text: expect.stringContaining('undefined')
    });
  });
});
