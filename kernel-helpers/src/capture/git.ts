import { execFile } from 'node:child_process';
import type { GitState } from '../store/runs/types';

/** Runs git in `cwd`; resolves to its trimmed stdout, or undefined when git fails. */
function git(cwd: string, args: string[], maxBuffer = 1024 * 1024): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile('git', args, { cwd, maxBuffer, timeout: 10_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.replace(/\s+$/, ''))
    );
  });
}

/** A remote URL without credentials (https://user:token@host/x → https://host/x). */
export function redactRemote(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url; // scp-like "git@host:org/repo.git" carries no secret.
  }
}

export interface GitCapture {
  state: Omit<GitState, 'diffArtifact'>;
  /** `git diff HEAD` (untracked files listed at the end) when the work tree is dirty. */
  diff: string | null;
}

/**
 * The code version of the work tree around `dir`: commit, branch, origin, dirty flag and diff.
 * Resolves to null outside a git repository or without git. Runs git asynchronously, so a
 * kernel keeps executing cells while this is captured.
 */
export async function captureGit(dir: string): Promise<GitCapture | null> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (top === undefined) {
    return null;
  }
  const [commit, branch, remote, status] = await Promise.all([
    git(top, ['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(top, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    git(top, ['remote', 'get-url', 'origin']),
    git(top, ['status', '--porcelain', '--untracked-files=normal'])
  ]);
  const dirty = Boolean(status);
  let diff: string | null = null;
  if (dirty) {
    const tracked = commit ? await git(top, ['diff', 'HEAD', '--no-color'], 64 * 1024 * 1024) : '';
    const untracked = (status ?? '')
      .split('\n')
      .filter(line => line.startsWith('??'))
      .map(line => `# untracked: ${line.slice(3)}`);
    diff = [tracked ?? '', ...untracked].filter(Boolean).join('\n') + '\n';
  }
  return {
    state: {
      commit: commit || null,
      branch: branch || null,
      remote: remote ? redactRemote(remote) : null,
      dirty
    },
    diff
  };
}
