// P13: the pipeline runner's overhead per step (scheduling, attempt records, lineage, hand-off of
// dataset versions): `mlnb pipelines run` of ingest → features → score, against the same three
// notebooks run one after another with `mlnb run`, wall time from process start to exit, medians;
// runnerMsPerStep: the runner's own time (its wall time less its steps'), per step.
// Usage: node bench/p13-pipeline.js [rounds]   (prints JSON)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { codeCells, writeNotebook } = require('../fixtures/notebooks');

const MLNB = path.resolve(__dirname, '..', 'kernel-helpers', 'bin', 'mlnb.js');
const STEPS = {
  ingest: ["await mlnb.catalog.register([{ x: 1, y: 2 }, { x: 3, y: 4 }], { name: 'bench_raw' });"],
  features: ['%dataset load bench_raw as df', '%dataset register df --name bench_features'],
  score: ["const f = await mlnb.catalog.load('bench_features');", 'mlnb.log({ rows: f.shape[0] });']
};

function timedRun(dir, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [MLNB, ...args], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`mlnb ${args.join(' ')} failed: ${result.stderr}`);
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout: result.stdout };
}

const timed = (dir, args) => timedRun(dir, args).ms;

/**
 * A pipeline run, timed, with the runner's own share: its wall time less the time its steps ran
 * (the chain runs one step at a time), i.e. its process start, scheduling, records and hand-off.
 * Less noisy than the difference of two totals on a busy machine, where each notebook's run varies.
 */
function timedPipeline(dir) {
  const { ms, stdout } = timedRun(dir, ['pipelines', 'run', 'bench', '--json']);
  const inSteps = JSON.parse(stdout).steps.reduce(
    (sum, step) => sum + (Date.parse(step.endTime) - Date.parse(step.startTime)),
    0
  );
  return { ms, runnerMs: ms - inSteps };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rounds = Number(process.argv[2] ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-bench-p13-'));
fs.mkdirSync(path.join(dir, '.mlnb'));
for (const [name, sources] of Object.entries(STEPS)) {
  writeNotebook(dir, `${name}.ipynb`, codeCells(sources));
}
const names = Object.keys(STEPS);
timed(dir, ['pipelines', 'create', 'bench', ...names.map(n => `${n}.ipynb`)]);
// A first run of each warms the code caches both ways use.
timed(dir, ['pipelines', 'run', 'bench']);
const times = { pipeline: [], sequential: [], runner: [] };
for (let r = 0; r < rounds; r++) {
  // Alternating which goes first, so that a load change on the machine hits both alike.
  const both = [
    () => {
      const { ms, runnerMs } = timedPipeline(dir);
      times.pipeline.push(ms);
      times.runner.push(runnerMs);
    },
    () => times.sequential.push(names.reduce((sum, n) => sum + timed(dir, ['run', `${n}.ipynb`, '-q']), 0))
  ];
  (r % 2 ? both.reverse() : both).forEach(run => run());
}
fs.rmSync(dir, { recursive: true, force: true });
const pipelineMs = median(times.pipeline);
const sequentialMs = median(times.sequential);
const perStepMs = (pipelineMs - sequentialMs) / names.length;
console.log(
  JSON.stringify({
    rounds,
    steps: names.length,
    pipelineMs: Math.round(pipelineMs),
    sequentialMs: Math.round(sequentialMs),
    perStepOverheadMs: Math.round(perStepMs),
    runnerMsPerStep: Math.round(median(times.runner) / names.length),
    ratio: pipelineMs / sequentialMs
  })
);
