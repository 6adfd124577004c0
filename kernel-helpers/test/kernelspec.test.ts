import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_DIR, PYTHON, runCli, tempDir } from './helpers/env';

describe('mlnb kernel install', () => {
  let prefix: string;
  beforeAll(() => (prefix = tempDir()));
  afterAll(() => fs.rmSync(prefix, { recursive: true, force: true }));

  test('--prefix writes the TypeScript and JavaScript kernelspecs itself, with no Python at all', () => {
    const result = runCli(['kernel', 'install', '--prefix', prefix, '--python', '/nonexistent/python']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const specDir = path.join(prefix, 'share', 'jupyter', 'kernels', 'mlnb');
    expect(result.stdout).toContain(specDir);
    const spec = JSON.parse(fs.readFileSync(path.join(specDir, 'kernel.json'), 'utf8'));
    expect(spec.display_name).toBe('TypeScript (mlnb)');
    expect(spec.language).toBe('typescript');
    expect(spec.argv).toEqual([
      process.execPath,
      path.join(PACKAGE_DIR, 'dist', 'kernel', 'main.js'),
      '{connection_file}'
    ]);
    expect(fs.existsSync(spec.argv[1])).toBe(true);
    expect(fs.existsSync(path.join(specDir, 'logo-svg.svg'))).toBe(true);

    const jsDir = path.join(prefix, 'share', 'jupyter', 'kernels', 'mlnb-js');
    expect(result.stdout).toContain(`Installed the "JavaScript (mlnb)" kernel in ${jsDir}`);
    const js = JSON.parse(fs.readFileSync(path.join(jsDir, 'kernel.json'), 'utf8'));
    expect(js).toMatchObject({ display_name: 'JavaScript (mlnb)', language: 'javascript' });
    expect(js.argv).toEqual([...spec.argv, '--kernel', 'mlnb-js']);
  });

  test('Jupyter sees both kernels installed with --prefix', () => {
    const result = spawnSync(PYTHON, ['-m', 'jupyter', 'kernelspec', 'list', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, JUPYTER_PATH: path.join(prefix, 'share', 'jupyter') }
    });
    expect(result.status).toBe(0);
    const specs = JSON.parse(result.stdout).kernelspecs;
    expect(specs['mlnb'].spec.display_name).toBe('TypeScript (mlnb)');
    expect(specs['mlnb-js'].spec.display_name).toBe('JavaScript (mlnb)');
  });

  test('a Python without Jupyter gives a clear error', () => {
    const result = runCli(['kernel', 'install', '--sys-prefix', '--python', '/nonexistent/python']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot run /nonexistent/python');
  });

  test('--user and --prefix together are refused', () => {
    const result = runCli(['kernel', 'install', '--user', '--prefix', prefix]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/cannot be used with/);
  });
});
