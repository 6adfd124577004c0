import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestStore, ENGINES, TestStore } from './helpers/engines';
import { vegaFile } from './helpers/datasets';
import { MLNB_BIN, REPO_ROOT, runCli, tempDir } from './helpers/env';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeLargeCsv } = require(path.join(REPO_ROOT, 'bench', 'large-csv.js')) as {
  writeLargeCsv(file: string, bytes: number): { bytes: number; rows: number };
};

/**
 * Ctrl-C in the middle of `mlnb datasets register` (a big file still being profiled): the store
 * holds what it held before and nothing of the interrupted registration, on both engines.
 */
const dir = tempDir();
const big = path.join(dir, 'big.csv');

beforeAll(() => {
  // Large enough to be profiling for a few seconds when the first progress line is printed.
  writeLargeCsv(big, 120e6);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(ENGINES)('Ctrl-C during registration (%s store)', engine => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(engine, dir);
  });
  afterAll(() => store.drop());

  test('leaves nothing half-written: the other datasets stay, the interrupted one is absent, the next registration works', async () => {
    const env = { MLNB_STORE: store.target };
    expect(
      runCli(['datasets', 'register', vegaFile('seattle-weather.csv'), '--name', 'kept'], { env }).status
    ).toBe(0);

    const child = spawn(process.execPath, [MLNB_BIN, 'datasets', 'register', big, '--name', 'interrupted'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stderr = '';
    await new Promise<void>(resolve =>
      child.stderr.on('data', chunk => {
        stderr += String(chunk);
        if (/profiling .*big\.csv: \d+%/.test(stderr)) {
          resolve();
        }
      })
    );
    child.kill('SIGINT');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    // Stopped by the signal, not finished: a finished registration would exit 0.
    expect(code === 0).toBe(false);
    expect(signal === 'SIGINT' || code === 130).toBe(true);

    const names = () =>
      JSON.parse(runCli(['datasets', 'search', '--json'], { env }).stdout).map(
        (d: { name: string }) => d.name
      );
    expect(names()).toEqual(['kept']);
    const shown = runCli(['datasets', 'show', 'interrupted'], { env });
    expect(shown.status).toBe(2);
    expect(shown.stderr).toContain('interrupted');
    // The store is not left locked or inconsistent: the same file registers now.
    const again = runCli(['datasets', 'register', vegaFile('penguins.json'), '--name', 'interrupted'], {
      env
    });
    expect(again.stderr).not.toMatch(/error/i);
    expect(again.stdout).toContain('registered interrupted@1');
    expect(names().sort()).toEqual(['interrupted', 'kept']);
  });
});
