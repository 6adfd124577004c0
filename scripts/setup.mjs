// Brings a checkout to a working state, skipping what is already done: npm packages, a .venv
// with JupyterLab, the build, and the wiring of JupyterLab to this checkout (lab extension,
// server-proxy entry, kernelspec). `npm run lab` and `npm test` both start here.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AIRFLOW_VENV,
  MLFLOW_VENV,
  ROOT,
  runStep,
  runStepInBackground,
  sh,
  shInBackground,
  VENV,
  VENV_BIN
} from './steps.mjs';

const PYTHON = path.join(VENV_BIN, 'python');
const WORKSPACES = ['kernel-helpers', 'extension', 'ui-tests'];
const LABEXTENSION = path.join(ROOT, 'mlnb_lab', 'labextension');

/**
 * The lab extension's build: development for `npm run lab` (15 s, readable), production for
 * `npm test` (about 90 s more), since the tests measure what users get from the wheel (the
 * start-cost test counts the bytes JupyterLab fetches). Which one is there is kept beside the stamps.
 */
let buildMode = 'development';
const BUILD_MODE = path.join(ROOT, '.setup', 'build-mode');
const builtMode = () => (fs.existsSync(BUILD_MODE) ? fs.readFileSync(BUILD_MODE, 'utf8') : 'development');

const steps = [
  {
    id: 'npm',
    title: 'npm packages',
    inputs: ['package.json', 'package-lock.json', ...WORKSPACES.map(w => `${w}/package.json`)],
    done: () => fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json')),
    // Without install scripts: the one that costs (better-sqlite3 compiling SQLite, about a
    // minute on one core) runs in the `native` step beside the build instead of before it.
    // Playwright's own browser download cannot work here; the tests use Debian's Chromium.
    run: () =>
      shInBackground('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
        env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }
      })
  },
  venvStep('venv', 'Python environment (.venv with JupyterLab)', VENV, 'requirements-dev.txt', 'jupyter-lab'),
  {
    id: 'build',
    title: 'build (kernel helpers and lab extension)',
    inputs: [
      'kernel-helpers/src',
      'extension/src',
      'style',
      'schemas',
      'tsconfig.base.json',
      'kernel-helpers/package.json',
      'extension/package.json'
    ],
    done: () =>
      fs.existsSync(path.join(ROOT, 'kernel-helpers', 'dist', 'index.js')) &&
      fs.existsSync(path.join(LABEXTENSION, 'package.json')) &&
      builtMode() === buildMode,
    run: () => {
      const script = buildMode === 'production' ? 'build:labextension' : 'build';
      sh('npm', ['run', script], { env: { ...process.env, MLNB_PYTHON: PYTHON } });
      fs.mkdirSync(path.dirname(BUILD_MODE), { recursive: true });
      fs.writeFileSync(BUILD_MODE, buildMode);
    }
  },
  {
    id: 'wire',
    title: 'JupyterLab wiring (package, lab extension, server proxy, kernelspec)',
    inputs: ['pyproject.toml', 'mlnb_lab/__init__.py', 'kernel-helpers/package.json'],
    done: () =>
      ['mlnb', 'mlnb-js'].every(kernel =>
        fs.existsSync(path.join(VENV, 'share', 'jupyter', 'kernels', kernel, 'kernel.json'))
      ),
    run: wireJupyter
  }
];

/**
 * The install scripts `npm install --ignore-scripts` skipped: better-sqlite3 (a prebuilt binary
 * when one can be downloaded, else node-gyp compiles it), zeromq's binary check, and two
 * harmless postinstalls. Its own step so that it runs while the build does.
 */
const nativeStep = {
  id: 'native',
  title: 'native addons (better-sqlite3, zeromq)',
  inputs: ['package-lock.json'],
  done: () =>
    fs.existsSync(
      path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
    ),
  run: () => shInBackground('npm', ['rebuild', '--no-audit', '--no-fund', 'better-sqlite3', 'zeromq'])
};

/**
 * Airflow in its own venv (~2 min, ~850 MB): its pins clash with JupyterLab's. It also holds
 * aiosmtpd, the real SMTP server of the notification tests. For `npm test` only: `npm run lab`
 * never needs it.
 */
const airflowStep = venvStep(
  'airflow',
  'Apache Airflow (.venv-airflow, for the engine tests)',
  AIRFLOW_VENV,
  'requirements-airflow.txt',
  'airflow'
);

/** The step that installs `requirements` into `venv`, done once the venv has the `command`. */
function venvStep(id, title, venv, requirements, command) {
  return {
    id,
    title,
    inputs: [requirements],
    done: () => fs.existsSync(path.join(venv, 'bin', command)),
    run: () => installVenv(venv, requirements)
  };
}

/**
 * A venv from a requirements file: created when missing, then `pip install -r`. JupyterLab,
 * Airflow and MLflow each get their own: their pins clash.
 */
async function installVenv(venv, requirements) {
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) {
    await shInBackground(process.env.PYTHON ?? 'python3', ['-m', 'venv', venv]);
  }
  await shInBackground(python, [
    '-m',
    'pip',
    'install',
    '-q',
    '--disable-pip-version-check',
    '-r',
    requirements
  ]);
}

/** MLflow's tracking server for the `mlnb export mlflow` tests (.venv-mlflow, ~1 min). */
const mlflowStep = venvStep(
  'mlflow',
  'MLflow (.venv-mlflow, for the export tests)',
  MLFLOW_VENV,
  'requirements-mlflow.txt',
  'mlflow'
);

/**
 * Installs this package into the venv for development: `pip install -e .`, then (as
 * `jupyter labextension develop` does) a link to the built extension so rebuilds show at once,
 * this checkout's `mlnb` CLI in the venv's bin (where the server proxy looks), and the kernelspec.
 */
function wireJupyter() {
  const installed = path.join(VENV, 'share', 'jupyter', 'labextensions', 'mlnb-extension');
  // Unlink first: pip would otherwise write its copy through the link into our build output.
  fs.rmSync(installed, { recursive: true, force: true });
  // The build step built the lab extension already: without SKIP_JUPYTER_BUILDER, the editable
  // install's hatch-jupyter-builder builds it again in production mode (138 s of a first setup;
  // its skip-if-exists applies to wheels only).
  sh(
    PYTHON,
    [
      '-m',
      'pip',
      'install',
      '-q',
      '--disable-pip-version-check',
      '--no-build-isolation',
      '--no-deps',
      '-e',
      '.'
    ],
    { env: { ...process.env, SKIP_JUPYTER_BUILDER: '1' } }
  );
  fs.rmSync(installed, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(installed), { recursive: true });
  fs.symlinkSync(LABEXTENSION, installed, 'dir');

  // jupyter-server-proxy starts the `mlnb` found beside the venv's Python (mlnb_lab).
  const mlnb = path.join(ROOT, 'kernel-helpers', 'bin', 'mlnb.js');
  const command = path.join(VENV_BIN, 'mlnb');
  fs.rmSync(command, { force: true });
  fs.symlinkSync(mlnb, command);

  sh(process.execPath, [mlnb, 'kernel', 'install', '--sys-prefix', '--python', PYTHON]);
}

/**
 * `forTests`: also the Airflow and MLflow venvs (only the engine and export tests use them) and a
 * production build.
 */
export async function setup({ forTests = false } = {}) {
  buildMode = forTests ? 'production' : 'development';
  const [npm, venv, ...rest] = steps;
  // Side by side: npm and pip spend their time downloading and unpacking; the build needs both.
  await Promise.all([
    runStepInBackground(npm),
    runStepInBackground(venv),
    ...(forTests ? [runStepInBackground(airflowStep), runStepInBackground(mlflowStep)] : [])
  ]);
  const [build, wire] = rest;
  // The build's tsc and webpack never load the native addons; the wiring (kernel install) does.
  const native = runStepInBackground(nativeStep);
  runStep(build);
  await native;
  runStep(wire);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await setup();
}
