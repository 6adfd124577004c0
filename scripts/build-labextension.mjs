// Builds the prebuilt lab extension with @jupyterlab/builder against the JupyterLab core of a
// Python environment. We call the builder directly: `jupyter labextension build` now runs jlpm
// (Yarn) in the package, which replaces an npm workspace's node_modules with Yarn's.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = path.join(root, 'extension');

/** The first Python that has JupyterLab: $MLNB_PYTHON, python3 on PATH (a build env), the .venv. */
function jupyterlabStaging() {
  const venvPython = path.join(root, '.venv', 'bin', 'python');
  const candidates = [process.env.MLNB_PYTHON, 'python3', existsSync(venvPython) ? venvPython : undefined];
  const probe = 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))';
  for (const python of candidates.filter(Boolean)) {
    try {
      return execFileSync(python, ['-c', probe], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      }).trim();
    } catch {
      // Not this one: try the next.
    }
  }
  console.error('build-labextension: no Python with JupyterLab found. Run `npm run setup` first.');
  process.exit(1);
}

/**
 * Removes compiled files whose source is gone: `tsc -b` never deletes outputs, and webpack would
 * bundle them (a stale lib/api.js shadows lib/api/index.js, the client that replaced it).
 */
function pruneStaleOutput(lib, src) {
  for (const entry of existsSync(lib) ? readdirSync(lib, { withFileTypes: true }) : []) {
    const output = path.join(lib, entry.name);
    if (entry.isDirectory()) {
      pruneStaleOutput(output, path.join(src, entry.name));
      continue;
    }
    const base = entry.name.replace(/\.(js|js\.map|d\.ts)$/, '');
    if (
      base !== entry.name &&
      !existsSync(path.join(src, `${base}.ts`)) &&
      !existsSync(path.join(src, `${base}.tsx`))
    ) {
      rmSync(output);
    }
  }
}
pruneStaleOutput(path.join(extensionDir, 'lib'), path.join(extensionDir, 'src'));

const require = createRequire(path.join(extensionDir, 'package.json'));
const builder = require.resolve('@jupyterlab/builder/lib/build-labextension.js');
const args = [builder, '--core-path', jupyterlabStaging(), ...process.argv.slice(2), extensionDir];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: extensionDir });
process.exit(result.status ?? 1);
