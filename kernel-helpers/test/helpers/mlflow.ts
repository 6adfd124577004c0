import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, REPO_ROOT } from './env';

export const MLFLOW_VENV = path.join(REPO_ROOT, '.venv-mlflow');

/**
 * A real `mlflow server` (from .venv-mlflow, which `npm test`'s setup installs) on a SQLite
 * backend and a free port, serving artifacts from `dir`. Start one per suite: it takes ~20 s.
 */
export class MlflowServer {
  url = '';
  private child: ChildProcess | undefined;
  private log = '';

  async start(dir: string): Promise<string> {
    const mlflow = path.join(MLFLOW_VENV, 'bin', 'mlflow');
    if (!fs.existsSync(mlflow)) {
      throw new Error(
        `MLflow is missing at ${mlflow}: run node scripts/setup.mjs for tests (npm test does).`
      );
    }
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    // Its own session, so that stop() ends uvicorn's worker with it.
    this.child = spawn(
      mlflow,
      [
        'server',
        '--backend-store-uri',
        `sqlite:///${path.join(dir, 'mlflow.db')}`,
        '--artifacts-destination',
        path.join(dir, 'mlartifacts'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--workers',
        '1'
      ],
      { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    this.child.stdout!.on('data', chunk => (this.log = (this.log + chunk).slice(-5000)));
    this.child.stderr!.on('data', chunk => (this.log = (this.log + chunk).slice(-5000)));
    const until = Date.now() + 240_000;
    for (;;) {
      if (this.child.exitCode !== null) {
        throw new Error(`mlflow server exited (${this.child.exitCode}):\n${this.log}`);
      }
      const answer = await fetch(`${this.url}/version`).catch(() => null);
      if (answer?.ok) {
        return this.url;
      }
      if (Date.now() > until) {
        throw new Error(`mlflow server did not answer within 240 s:\n${this.log}`);
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  /** One REST call (GET without a body), answered JSON. */
  async api(route: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.url}/api/2.0/mlflow/${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`MLflow ${route}: HTTP ${response.status} ${text}`);
    }
    return JSON.parse(text);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) {
      return;
    }
    const exited = new Promise(resolve => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}
