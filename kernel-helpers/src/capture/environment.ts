import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Environment } from '../store/runs/types';

/** The version in a package's package.json, found from `fromDir` as Node would resolve it. */
export function packageVersion(name: string, fromDir: string): string | null {
  const require = createRequire(path.join(fromDir, 'noop.js'));
  for (const base of require.resolve.paths(name) ?? []) {
    try {
      return JSON.parse(fs.readFileSync(path.join(base, name, 'package.json'), 'utf8')).version ?? null;
    } catch {
      // Not in this node_modules: try the next one up.
    }
  }
  return null;
}

/** GPU models from nvidia-smi, or null when it is absent or does not answer within 3 s. */
export function captureGpus(): Promise<string[] | null> {
  return new Promise(resolve => {
    execFile(
      'nvidia-smi',
      ['--query-gpu=name', '--format=csv,noheader'],
      { timeout: 3000 },
      (error, stdout) =>
        resolve(
          error
            ? null
            : stdout
                .split('\n')
                .map(l => l.trim())
                .filter(Boolean)
        )
    );
  });
}

/** The container runtime and image when detectable (Docker, Podman, Kubernetes), else null. */
export function captureContainer(env: NodeJS.ProcessEnv = process.env): Environment['container'] {
  const image = env.MLNB_CONTAINER_IMAGE ?? env.CONTAINER_IMAGE ?? env.IMAGE_NAME ?? null;
  if (fs.existsSync('/.dockerenv')) {
    return { runtime: 'docker', image };
  }
  if (fs.existsSync('/run/.containerenv')) {
    return { runtime: 'podman', image };
  }
  if (env.KUBERNETES_SERVICE_HOST) {
    return { runtime: 'kubernetes', image };
  }
  return image ? { runtime: 'unknown', image } : null;
}

/** Everything about the machine and runtime that does not change while a process lives. */
export function captureStaticEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.versions.node,
    tslab: packageVersion('tslab', __dirname),
    typescript: packageVersion(
      '@tslab/typescript-for-tslab',
      path.dirname(require.resolve('tslab/package.json'))
    ),
    os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    cpu: { model: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length },
    memoryBytes: os.totalmem(),
    gpu: null,
    container: captureContainer(),
    tfjsBackend: null,
    packages: {}
  };
}

/** Resolved versions of the given packages (unknown ones are left out). */
export function importablePackagesVersion(fromDir: string, names: string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const version = packageVersion(name, fromDir);
    if (version) {
      versions[name] = version;
    }
  }
  return versions;
}

const BUILTINS = new Set(builtinModules);

const IMPORT_PATTERNS = [
  /\bimport\s+(?:[\w*{}\s,]+\s+from\s+)?["']([^"']+)["']/g,
  /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g
];

/** The npm package names a cell imports (`@scope/pkg/sub` → `@scope/pkg`; node: and relative skipped). */
export function importedPackages(source: string): string[] {
  const names = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const spec = match[1];
      if (
        spec.startsWith('.') ||
        spec.startsWith('/') ||
        spec.startsWith('node:') ||
        BUILTINS.has(spec.split('/')[0])
      ) {
        continue;
      }
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return [...names];
}
