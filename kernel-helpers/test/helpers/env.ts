import { type ChildProcess, spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
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

/** Runs `use` in a fresh temporary folder, removed afterwards however `use` ends. */
export async function withTempDir<T>(use: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = tempDir();
  try {
    return await use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh temporary project folder: its .mlnb is where mlnb locates (and creates) the store. */
export function projectDir(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, '.mlnb'));
  return dir;
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

/** Asserts that `mlnb` refused its input as a usage error: exit code 2, saying `message`. */
export function expectUsageError(
  result: { status: number | null; stderr: string },
  message: string | RegExp
): void {
  expect(result.stderr).toMatch(message);
  expect(result.status).toBe(2);
}

/**
 * The real `mlnb` CLI as a child process that leaves this process free meanwhile (to serve the
 * receivers a run talks to); the located store unless `env` names one.
 */
export function runCliAsync(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [MLNB_BIN, ...args], {
      cwd: dir,
      env: { ...process.env, MLNB_STORE: '', ...env }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', status => resolve({ status, stdout, stderr }));
  });
}

/**
 * A serving `mlnb` command (`serve`, `models serve`) as a child process, once it says where it
 * serves ("serving … on <address>"): a URL, or the path of its unix socket.
 */
export function startCliServer(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(process.execPath, [MLNB_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env }
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', chunk => (output += chunk));
    child.stdout.on('data', chunk => {
      output += chunk;
      const match = /serving(?: .*)? on (\S+)/.exec(output);
      if (match) {
        resolve({ child, address: match[1], output: () => output });
      }
    });
    child.on('exit', code => reject(new Error(`mlnb ${args.join(' ')} exited (${code}): ${output}`)));
  });
}

/** A TCP port free now on 127.0.0.1 (asked of the OS). */
export function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `condition()` holds; fails with `what` if it does not within `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what = 'the condition'
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
