// P5: `mlnb run` of a trivial 3-cell TypeScript notebook vs `papermill` on the equivalent
// Python notebook (ipykernel), wall time per run from process start to exit, medians.
// Usage: node bench/p5-run-vs-papermill.js [rounds]   (prints JSON)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { code, writeNotebook } = require('../fixtures/notebooks');

const root = path.resolve(__dirname, '..');
const venvBin = path.join(root, '.venv', 'bin');

/** Code cells of `sources`, the first tagged `parameters` (papermill and mlnb both read it). */
const withParameters = sources =>
  sources.map((source, i) => code(`c${i}`, source, i === 0 ? ['parameters'] : undefined));

function time(command, args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed: ${result.stderr}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const rounds = Number(process.argv[2] ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-bench-p5-'));
const ts = writeNotebook(
  dir,
  'trivial.ipynb',
  withParameters([
    'const n = 3;',
    'const xs = Array.from({ length: n }, (_, i) => i * i);',
    'console.log(xs);'
  ])
);
const py = writeNotebook(
  dir,
  'trivial_py.ipynb',
  withParameters(['n = 3', 'xs = [i * i for i in range(n)]', 'print(xs)']),
  'python3',
  'python'
);
const times = { mlnb: [], papermill: [] };
for (let r = 0; r < rounds; r++) {
  times.mlnb.push(
    time(
      process.execPath,
      [path.join(root, 'kernel-helpers/bin/mlnb.js'), 'run', ts, '-o', path.join(dir, 'out.ipynb')],
      { MLNB_STORE: path.join(dir, 'store.db') }
    )
  );
  times.papermill.push(
    time(
      path.join(venvBin, 'papermill'),
      [py, path.join(dir, 'out_py.ipynb'), '-k', 'python3', '--no-progress-bar'],
      {}
    )
  );
}
fs.rmSync(dir, { recursive: true, force: true });
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    id: 'P5',
    rounds,
    mlnbMs: median(times.mlnb),
    papermillMs: median(times.papermill),
    ratio: median(times.mlnb) / median(times.papermill),
    goal: '<= 0.5'
  })
);
