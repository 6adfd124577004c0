import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MLNB_VERSION, PACKAGE_ROOT } from '../version';

export const KERNEL_NAME = 'mlnb';
export const KERNEL_DISPLAY_NAME = 'TypeScript (mlnb)';

export type KernelspecScope = { user: true } | { sysPrefix: true } | { prefix: string };

export interface KernelspecOptions {
  scope: KernelspecScope;
  /** The Python whose jupyter_client installs the spec (for --sys-prefix: whose prefix). */
  python: string;
}

/** The kernel.json: this Node.js binary running this package's kernel entry point. */
export function kernelJson(): object {
  return {
    argv: [process.execPath, path.join(PACKAGE_ROOT, 'dist', 'kernel', 'main.js'), '{connection_file}'],
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    interrupt_mode: 'signal',
    metadata: { mlnb: { version: MLNB_VERSION } }
  };
}

/**
 * Installs the kernelspec with Jupyter's own installer (`jupyter kernelspec install`), so it
 * lands where Jupyter looks on every platform. Returns the installed folder.
 */
export function installKernelspec(options: KernelspecOptions): string {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-kernelspec-'));
  try {
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, 'kernel.json'), JSON.stringify(kernelJson(), null, 2));
    copyLogos(staging);
    const args = ['-m', 'jupyter', 'kernelspec', 'install', staging, '--name', KERNEL_NAME, '--replace'];
    const { scope } = options;
    if ('user' in scope) {
      args.push('--user');
    } else if ('sysPrefix' in scope) {
      args.push('--sys-prefix');
    } else {
      args.push('--prefix', path.resolve(scope.prefix));
    }
    const result = spawnSync(options.python, args, { encoding: 'utf8' });
    if (result.error) {
      throw new Error(`Cannot run ${options.python}: ${result.error.message}. Pass --python PATH.`);
    }
    if (result.status !== 0) {
      throw new Error(
        `jupyter kernelspec install failed (is jupyter installed for ${options.python}?):\n` +
          result.stderr.trim()
      );
    }
    // Jupyter prints "Installed kernelspec mlnb in /path" on stderr.
    const installed = /Installed kernelspec \S+ in (.+)$/m.exec(result.stderr + result.stdout);
    return installed ? installed[1].trim() : KERNEL_NAME;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function copyLogos(dir: string): void {
  const logos = path.join(PACKAGE_ROOT, 'kernelspec');
  if (fs.existsSync(logos)) {
    for (const file of fs.readdirSync(logos)) {
      fs.copyFileSync(path.join(logos, file), path.join(dir, file));
    }
  }
}
