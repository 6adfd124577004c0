import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { readRuns } from './helpers/store';

describe('mlnb run --kernel (papermill -k)', () => {
  let dir: string;
  let storeFile: string;
  let nb: string;

  beforeEach(() => {
    dir = tempDir();
    storeFile = path.join(dir, 'store.db');
    nb = writeNotebook(
      dir,
      'tslab.ipynb',
      [code('a', "const x: number = 21;\nconsole.log('x2', x * 2);")],
      'tslab'
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a notebook saved on tslab is refused without --kernel, naming the option that runs it', () => {
    const result = runCli(['run', nb], { env: { MLNB_STORE: storeFile } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('runs on the kernel "tslab"');
    expect(result.stderr).toContain('Run it with --kernel mlnb');
    expect(fs.existsSync(storeFile)).toBe(false);
  });

  test('-k tslab runs it on the mlnb kernel and says so in the run and the executed notebook', async () => {
    const out = path.join(dir, 'out.ipynb');
    const result = runCli(['run', nb, '-k', 'tslab', '-o', out], { env: { MLNB_STORE: storeFile } });
    expect(result.stderr).toBe('mlnb run: saved for the kernel "tslab", ran on "mlnb" (--kernel).\n');
    expect(result.status).toBe(0);
    const executed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(executed.cells[0].outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'x2 42\n' }]);
    expect(executed.metadata.kernelspec).toEqual({
      name: 'mlnb',
      display_name: 'TypeScript (mlnb)',
      language: 'typescript'
    });
    expect(executed.metadata.mlnb.kernel).toEqual({
      name: 'mlnb',
      language: 'typescript',
      savedKernel: 'tslab'
    });
    const [run] = await readRuns(storeFile);
    expect(run.tags).toMatchObject({ 'mlnb.kernel': 'mlnb', 'mlnb.saved_kernel': 'tslab' });
  });

  test('--kernel with a kernel mlnb does not run is refused with exit code 2', () => {
    const result = runCli(['run', nb, '--kernel', 'python3'], { env: { MLNB_STORE: storeFile } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--kernel python3: not a kernel mlnb runs on (mlnb, tslab');
  });
});
