import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const PACKAGE_DIR = path.join(REPO_ROOT, 'kernel-helpers');
export const MLNB_BIN = path.join(PACKAGE_DIR, 'bin', 'mlnb.js');

/** The project's Python (the .venv that `npm test` sets up), with JupyterLab and jupyter_client. */
export const PYTHON = process.env.MLNB_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');

/** A fresh temporary folder, removed by the caller with `fs.rmSync`. */
export function tempDir(prefix = 'mlnb-test-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Runs the real `mlnb` CLI in a child process. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [MLNB_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000
  });
}
