import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkspaceFacts } from './questions';

type SetupResult = NonNullable<WorkspaceFacts['setup']>;

/**
 * What a new hire does on day one, timed: clone the workspace's git repository into a temporary
 * folder, install its packages from the lockfile, run one notebook headlessly (into a store of
 * its own, so the team's history is untouched). The folder is removed afterwards.
 */
export function timeSetup(workspace: string, notebook: string | undefined, mlnbBin: string): SetupResult {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const failed = (step: string, output: string): SetupResult => ({
    ok: false,
    seconds: seconds(),
    detail: `setup failed at ${step} after ${seconds()} s: ${output.trim().split('\n').slice(-3).join(' ').slice(0, 300)}`
  });
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: workspace, encoding: 'utf8' });
  if (top.status !== 0) {
    return failed('git', `${workspace} is not in a git repository`);
  }
  const repo = top.stdout.trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-setup-'));
  try {
    const clone = path.join(tmp, 'clone');
    const step = (
      name: string,
      command: string,
      args: string[],
      cwd: string,
      env: NodeJS.ProcessEnv = {}
    ) => {
      const r = spawnSync(command, args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 30 * 60_000
      });
      return r.status === 0
        ? null
        : failed(name, `${r.stderr ?? ''}${r.stdout ?? ''}${r.error?.message ?? ''}`);
    };
    const cloned = step('git clone', 'git', ['clone', '--quiet', '--no-hardlinks', repo, clone], tmp);
    if (cloned) {
      return cloned;
    }
    const dir = path.join(clone, path.relative(repo, workspace));
    const target =
      notebook ??
      spawnSync('git', ['ls-files', '*.ipynb'], { cwd: dir, encoding: 'utf8' })
        .stdout.split('\n')
        .find(Boolean);
    if (!target) {
      return failed('choosing a notebook', 'the repository has no .ipynb file');
    }
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const lock = fs.existsSync(path.join(dir, 'package-lock.json'));
      const installed = step(
        lock ? 'npm ci' : 'npm install',
        'npm',
        [lock ? 'ci' : 'install', '--no-audit', '--no-fund'],
        dir
      );
      if (installed) {
        return installed;
      }
    }
    const local = path.join(dir, 'node_modules', 'mlnb', 'bin', 'mlnb.js');
    const bin = fs.existsSync(local) ? local : mlnbBin;
    const ran = step(`mlnb run ${target}`, process.execPath, [bin, 'run', target], dir, {
      MLNB_STORE: path.join(tmp, 'store.db')
    });
    if (ran) {
      return ran;
    }
    return {
      ok: true,
      seconds: seconds(),
      detail: `a fresh clone installed and ran ${target} in ${seconds()} s`
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
