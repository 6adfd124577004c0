import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MLNB_VERSION, PACKAGE_ROOT } from '../version';
import { MLNB_KERNELS, MlnbKernel } from './kernels';

export type KernelspecScope = { user: true } | { sysPrefix: true } | { prefix: string };

export interface KernelspecOptions {
  scope: KernelspecScope;
  /** The Python whose jupyter_client installs the specs (for --user and --sys-prefix). */
  python: string;
}

/** The kernel.json: this Node.js binary running this package's kernel entry point. */
export function kernelJson(kernel: MlnbKernel = MLNB_KERNELS[0]): object {
  const main = path.join(PACKAGE_ROOT, 'dist', 'kernel', 'main.js');
  return {
    argv: [
      process.execPath,
      main,
      '{connection_file}',
      ...(kernel.name === MLNB_KERNELS[0].name ? [] : ['--kernel', kernel.name])
    ],
    display_name: kernel.displayName,
    language: kernel.language,
    interrupt_mode: 'signal',
    metadata: { mlnb: { version: MLNB_VERSION } }
  };
}

/**
 * Installs the kernelspecs of every mlnb kernel (TypeScript and JavaScript); returns the folders.
 * With a prefix the files are written straight into PREFIX/share/jupyter/kernels (a kernelspec
 * is a folder with a JSON file: no Python needed); for the user or a Python environment,
 * Jupyter's own installer puts them where Jupyter looks on this platform.
 */
export function installKernelspecs(options: KernelspecOptions): string[] {
  return MLNB_KERNELS.map(kernel => {
    const { scope } = options;
    if ('prefix' in scope) {
      const dir = path.join(path.resolve(scope.prefix), 'share', 'jupyter', 'kernels', kernel.name);
      fs.rmSync(dir, { recursive: true, force: true });
      writeSpec(dir, kernel);
      return dir;
    }
    return installWithJupyter(kernel, scope, options.python);
  });
}

function writeSpec(dir: string, kernel: MlnbKernel): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(kernelJson(kernel), null, 2));
  const logos = path.join(PACKAGE_ROOT, 'kernelspec');
  if (fs.existsSync(logos)) {
    for (const file of fs.readdirSync(logos)) {
      fs.copyFileSync(path.join(logos, file), path.join(dir, file));
    }
  }
}

function installWithJupyter(kernel: MlnbKernel, scope: KernelspecScope, python: string): string {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-kernelspec-'));
  try {
    fs.chmodSync(staging, 0o755);
    writeSpec(staging, kernel);
    const args = ['-m', 'jupyter', 'kernelspec', 'install', staging, '--name', kernel.name, '--replace'];
    args.push('user' in scope ? '--user' : '--sys-prefix');
    const result = spawnSync(python, args, { encoding: 'utf8' });
    if (result.error) {
      throw new Error(`Cannot run ${python}: ${result.error.message}. Pass --python PATH.`);
    }
    if (result.status !== 0) {
      throw new Error(
        `jupyter kernelspec install failed (is jupyter installed for ${python}?):\n` + result.stderr.trim()
      );
    }
    // Jupyter prints "Installed kernelspec mlnb in /path" on stderr.
    const installed = /Installed kernelspec \S+ in (.+)$/m.exec(result.stderr + result.stdout);
    return installed ? installed[1].trim() : kernel.name;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
