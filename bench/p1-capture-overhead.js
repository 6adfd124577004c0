// P1: the cost of mlnb's capture on a 50-cell notebook. The same cells run through tslab's
// plain executor and through the mlnb executor (magic expansion, shorthand rewrite, per-cell
// records and metric batching on a real SQLite store), alternating, in fresh processes.
// Usage: node bench/p1-capture-overhead.js [rounds]   (prints JSON)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CELLS = Array.from({ length: 50 }, (_, i) =>
  i % 5 === 0
    ? `const data${i} = Array.from({ length: 20000 }, (_, k) => Math.sin(k * ${i + 1}));`
    : `const total${i}: number = data${i - (i % 5)}.reduce((a, b) => a + b * ${i}, 0);\nmlnbLog({ step_value: total${i} });\ntotal${i}`
);

function worker(mode) {
  const root = path.resolve(__dirname, '..');
  const { createConverter } = require(path.join(root, 'node_modules/tslab/dist/converter'));
  const { createExecutor } = require(path.join(root, 'node_modules/tslab/dist/executor'));
  const quiet = { log: () => undefined, error: m => process.stderr.write(String(m) + '\n') };
  return (async () => {
    let execute;
    if (mode === 'plain') {
      const conv = createConverter({ isJS: false, isBrowser: false });
      const ex = createExecutor(
        process.cwd(),
        { node: conv, browser: conv, close: () => conv.close() },
        quiet
      );
      await ex.execute('const mlnbLog = (_: Record<string, number>) => undefined;');
      execute = src => ex.execute(src);
    } else {
      const { MlnbExecutor } = require(path.join(root, 'kernel-helpers/dist/kernel/executor'));
      const { BUILTIN_MAGICS } = require(path.join(root, 'kernel-helpers/dist/magics/builtin'));
      const { RunRecorder } = require(path.join(root, 'kernel-helpers/dist/capture/recorder'));
      const { useRecorder } = require(path.join(root, 'kernel-helpers/dist/api'));
      const recorder = new RunRecorder({
        cwd: process.cwd(),
        source: 'batch',
        notebookPath: path.join(process.cwd(), 'bench.ipynb')
      });
      recorder.prepare(); // as the kernel does at start-up
      useRecorder(recorder);
      const ex = await MlnbExecutor.create({
        rootDir: process.cwd(),
        magics: BUILTIN_MAGICS,
        recorder,
        console: quiet
      });
      await ex.inner.execute('const mlnbLog = (m: Record<string, number>) => mlnb.log(m);');
      execute = src => ex.execute(src);
    }
    const started = process.hrtime.bigint();
    for (const cell of CELLS) {
      if (!(await execute(cell))) {
        throw new Error(`cell failed: ${cell}`);
      }
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({ ms }));
    process.exit(0);
  })();
}

if (process.argv[2] === '--worker') {
  worker(process.argv[3]);
} else {
  const rounds = Number(process.argv[2] ?? 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-bench-p1-'));
  const times = { plain: [], mlnb: [] };
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 ? ['mlnb', 'plain'] : ['plain', 'mlnb']) {
      const out = spawnSync(process.execPath, [__filename, '--worker', mode], {
        cwd: dir,
        env: { ...process.env, MLNB_STORE: path.join(dir, 'store.db') },
        encoding: 'utf8'
      });
      if (out.status !== 0) {
        throw new Error(out.stderr);
      }
      times[mode].push(JSON.parse(out.stdout).ms);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const plain = median(times.plain);
  const mlnb = median(times.mlnb);
  console.log(
    JSON.stringify({
      id: 'P1',
      cells: CELLS.length,
      rounds,
      plainMs: plain,
      mlnbMs: mlnb,
      ratio: mlnb / plain,
      all: times,
      goal: '<= 1.03'
    })
  );
}
