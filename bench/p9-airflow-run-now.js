// P9: for a job on Airflow, the time from "Run now" (`mlnb jobs run --airflow-url`, which
// triggers a DAG run over the REST API) to the notebook's first cell running, next to the same
// notebook's `mlnb run`. Airflow is real: `airflow standalone` (LocalExecutor) on a scratch
// PostgreSQL database. The split:
// - airflow: Run now → the task instance's start_date (Airflow's own queueing and task start);
// - mlnb in airflow: that start → the first cell (the DAG task's Python, `mlnb run` start-up);
// - mlnb run alone: the process start → the first cell, on the same notebook;
// - mlnb's share = mlnb in airflow - mlnb run alone (what running under Airflow adds on mlnb's side).
// The first cell writes Date.now() to a file: the time it ran, to the millisecond.
// Usage: node bench/p9-airflow-run-now.js [runs=3]   (prints JSON; exit 3 without Airflow)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { URL } = require('node:url');
const { setTimeout: sleep } = require('node:timers/promises');
const { AIRFLOW_BIN, airflowHealthy, startAirflow } = require('../fixtures/airflow');
const { code, writeNotebook } = require('../fixtures/notebooks');

const ROOT = path.resolve(__dirname, '..');
const MLNB = path.join(ROOT, 'kernel-helpers', 'bin', 'mlnb.js');
const runs = Number(process.argv[2] ?? 3);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const database = `mlnb_bench_p9_${process.pid}`;

function freePort() {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function mlnb(dir, args, env = {}) {
  const result = spawnSync(process.execPath, [MLNB, ...args], {
    cwd: dir,
    env: { ...process.env, MLNB_STORE: '', ...env },
    encoding: 'utf8'
  });
  if (result.status !== 0) {
    throw new Error(`mlnb ${args.join(' ')} failed: ${result.stderr}`);
  }
  return result.stdout;
}

function pgDatabase(action) {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'pg-database.js'), action, database], {
    encoding: 'utf8'
  });
  if (result.status !== 0) {
    throw new Error(`pg-database ${action}: ${result.stderr}`);
  }
  return result.stdout.trim();
}

(async () => {
  if (!fs.existsSync(path.join(AIRFLOW_BIN, 'airflow'))) {
    console.error('P9 needs .venv-airflow (node scripts/setup.mjs installs it)');
    process.exit(3);
  }
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-bench-p9-')));
  fs.mkdirSync(path.join(dir, '.mlnb'));
  fs.mkdirSync(path.join(dir, 'dags'));
  const mark = path.join(dir, 'first-cell.txt');
  writeNotebook(dir, 'tick.ipynb', [
    code('p', 'const n = 1;', ['parameters']),
    code(
      'a',
      `require('fs').writeFileSync(${JSON.stringify(mark)}, JSON.stringify([Date.now(), Number(process.env.MLNB_ENGINE_STARTED_MS ?? 0)]));`
    )
  ]);
  const firstCell = () => JSON.parse(fs.readFileSync(mark, 'utf8'));

  const admin = new URL(JSON.parse(pgDatabase('create')).url);
  admin.protocol = 'postgresql+psycopg2:';
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const airflow = startAirflow(dir, admin.toString(), port, 'ignore');
  try {
    const until = Date.now() + 300_000;
    while (!(await airflowHealthy(url))) {
      if (Date.now() > until) throw new Error('airflow standalone did not get healthy in 5 min');
      await sleep(1000);
    }
    mlnb(dir, ['jobs', 'create', 'tick.ipynb', '--name', 'p9', '--engine', 'airflow', '-p', 'n=2']);
    mlnb(dir, ['jobs', 'deploy', 'p9', '--to', 'airflow', '--dags-folder', 'dags', '--airflow-url', url]);
    // Alternated with the Airflow runs, with Airflow up meanwhile: both see the same machine load.
    const samples = [];
    const alone = [];
    for (let i = 0; i < runs; i++) {
      const started = Date.now();
      mlnb(dir, ['run', 'tick.ipynb', '-p', 'n=2']);
      alone.push(firstCell()[0] - started);
      const start = Date.now();
      mlnb(dir, ['jobs', 'run', 'p9', '--airflow-url', url]);
      const [first, handedOver] = firstCell();
      samples.push({ total: first - start, airflow: handedOver - start, mlnbInAirflow: first - handedOver });
    }
    const result = {
      runs,
      runNowToFirstCellMs: median(samples.map(s => s.total)),
      airflowHandOverMs: median(samples.map(s => s.airflow)),
      mlnbInAirflowMs: median(samples.map(s => s.mlnbInAirflow)),
      mlnbRunAloneMs: median(alone)
    };
    result.mlnbShareMs = result.mlnbInAirflowMs - result.mlnbRunAloneMs;
    result.ratio = result.runNowToFirstCellMs / result.mlnbRunAloneMs;
    result.met = result.mlnbShareMs <= 100;
    console.log(JSON.stringify(result));
  } finally {
    try {
      process.kill(-airflow.pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
    await new Promise(resolve => (airflow.exitCode !== null ? resolve() : airflow.once('exit', resolve)));
    await sleep(2000);
    spawnSync(process.execPath, [path.join(__dirname, 'pg-database.js'), 'drop', database]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch(error => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
