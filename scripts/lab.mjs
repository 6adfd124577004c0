// `npm run lab`: sets up what is missing, then opens JupyterLab on examples/ with the embedded
// store (examples/.mlnb/store.db, created by the mlnb service on first start).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setup } from './setup.mjs';
import { ROOT, VENV_BIN } from './steps.mjs';

await setup();
// Jupyter refuses to run as root without this flag; containers and CI machines often are root.
const asRoot = process.getuid?.() === 0 ? ['--allow-root'] : [];
const examples = path.join(ROOT, 'examples');
const lab = spawn(
  path.join(VENV_BIN, 'jupyter'),
  [
    'lab',
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.root_dir=${examples}`,
    'quickstart.ipynb',
    ...asRoot,
    ...process.argv.slice(2)
  ],
  {
    cwd: examples,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`
    }
  }
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => lab.kill(signal));
}
lab.on('exit', code => process.exit(code ?? 0));
