// `npm run bench`: the speed goals, each measured against its named competitor in the same run
// on this machine, printed as ratios. Python competitors (MLflow, papermill) are installed into
// the .venv on first use; P6 (the scheduler) has no competitor and is shown against its goal.
// Usage: npm run bench [-- P1 P2 P5]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { json, printReport, row, speedupRow, timeRow } from './bench-report.mjs';
import { dropDatabase, generatedCsv, postgresDatabase } from './bench-scratch.mjs';
import { setup } from './setup.mjs';
import { ROOT, runStep, sh, VENV_BIN } from './steps.mjs';

const PYTHON = path.join(VENV_BIN, 'python');
const only = new Set(process.argv.slice(2).map(a => a.toUpperCase()));
const wanted = id => only.size === 0 || only.has(id);

await setup({ forTests: true });
runStep({
  id: 'bench-python',
  title: 'benchmark competitors in the .venv (mlflow, papermill, pandas, numpy, polars, duckdb, pyarrow)',
  inputs: ['scripts/bench.mjs'],
  done: () =>
    fs.existsSync(path.join(VENV_BIN, 'papermill')) &&
    fs.existsSync(path.join(VENV_BIN, 'mlflow')) &&
    spawnSync(PYTHON, ['-c', 'import polars, duckdb, pyarrow']).status === 0,
  run: () =>
    sh(PYTHON, [
      '-m',
      'pip',
      'install',
      '-q',
      '--disable-pip-version-check',
      'mlflow',
      'papermill',
      'pandas',
      'numpy',
      'polars',
      'duckdb',
      'pyarrow'
    ])
});

/** A Node benchmark of five rounds that times mlnb (`mlnbMs`) against the competitor its `theirs` names. */
function fiveRoundsRow(id, script, theirs, what, most) {
  const measured = json(process.execPath, [script, '5']);
  timeRow(id, what, measured.mlnbMs, measured[theirs], most);
}

if (wanted('P1')) {
  fiveRoundsRow(
    'P1',
    'bench/p1-capture-overhead.js',
    'plainMs',
    '50-cell notebook: mlnb capture vs plain tslab executor (time ratio)',
    '1.03'
  );
}
if (wanted('P2')) {
  const ours = json(process.execPath, ['bench/p2-log.js']);
  const theirs = json(PYTHON, ['bench/p2_mlflow.py']);
  speedupRow(
    'P2',
    'one metric point, durable (log + commit) vs MLflow log_metric (speed-up)',
    `${ours.durableP50Us.toFixed(1)} us`,
    `${theirs.logMetricP50Us.toFixed(0)} us`,
    theirs.logMetricP50Us / ours.durableP50Us,
    100
  );
  row(
    'P2',
    'mlnb.log call p50 (buffered) vs MLflow log_metric (speed-up)',
    `${ours.callP50Us.toFixed(2)} us`,
    `${theirs.logMetricP50Us.toFixed(0)} us`,
    theirs.logMetricP50Us / ours.callP50Us,
    'p50 <= 50 us',
    ours.callP50Us <= 50
  );
  row(
    'P2',
    'batched points per second vs MLflow log_batch (speed-up)',
    `${Math.round(ours.batchPointsPerSecond)}/s`,
    `${Math.round(theirs.batchPointsPerSecond)}/s`,
    ours.batchPointsPerSecond / theirs.batchPointsPerSecond,
    '>= 200k/s',
    ours.batchPointsPerSecond >= 200_000
  );
}
if (wanted('P3')) {
  const rowsP3 = process.env.MLNB_BENCH_P3_ROWS ?? '1000000';
  const generated = generatedCsv('P3', rowsP3);
  const { csv } = generated;
  const ours = json(process.execPath, ['bench/p3-profile.js', csv, '3']);
  const twoThreads = json(process.execPath, ['bench/p3-profile.js', csv, '3', '2']);
  const theirs = json(PYTHON, ['bench/p3_pandas.py', csv, '3']);
  const polarsMs = json(PYTHON, ['bench/p3p_polars.py', csv, '3']).polarsMs;
  const danfo = json(process.execPath, ['bench/p3-danfo.js', csv]);
  generated.remove();
  const mb = (generated.bytes / 1e6).toFixed(0);
  // The goal is the faster of the two (the min(pandas, polars)); both are shown.
  const [fastest, fastestMs] = polarsMs < theirs.ms ? ['polars', polarsMs] : ['pandas', theirs.ms];
  const both = `pandas ${theirs.ms.toFixed(0)} ms, polars ${polarsMs.toFixed(0)} ms`;
  timeRow(
    'P3',
    `profile a ${rowsP3}-row × 10-col CSV (${mb} MB), mlnb (threads: ${ours.threadsUsed}) vs the faster of pandas read_csv+describe+histogram and polars read_csv+describe+n_unique+histograms (${both}; time ratio to ${fastest})`,
    ours.ms,
    fastestMs,
    '1.0'
  );
  timeRow('P3', `the same, mlnb on two threads vs ${fastest} (time ratio)`, twoThreads.ms, fastestMs, '1.0', {
    info: true
  });
  speedupRow(
    'P3',
    'the same, mlnb (default) vs danfo readCSV+describe (speed-up)',
    `${ours.ms.toFixed(0)} ms`,
    `${danfo.ms.toFixed(0)} ms`,
    danfo.ms / ours.ms,
    1,
    { info: true }
  );
}
if (wanted('P4')) {
  const runs = process.env.MLNB_BENCH_RUNS ?? '100000';
  const store = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-p4-')), 'store.db');
  console.log(`P4: generating ${runs} runs × 20 metric series for mlnb and for MLflow…`);
  json(process.execPath, ['bench/p4-generate.js', store, runs]);
  const ours = json(process.execPath, ['bench/p4-search.js', store, '20']);
  const panel = json(process.execPath, ['bench/p4-panel.js', store, '5']);
  // The team store: the same runs, moved with `mlnb store copy` (which also checks them).
  const url = postgresDatabase('P4', 'mlnb_bench_p4');
  let onPostgres = null;
  if (url) {
    console.log('P4: copying the runs into PostgreSQL (mlnb store copy)…');
    const started = Date.now();
    sh(process.execPath, ['kernel-helpers/bin/mlnb.js', 'store', 'copy', '--from', store, '--to', url]);
    const copySeconds = (Date.now() - started) / 1000;
    sh(process.execPath, ['bench/pg-database.js', 'analyze', 'mlnb_bench_p4']);
    onPostgres = { ...json(process.execPath, ['bench/p4-search.js', url, '20']), copySeconds };
    dropDatabase('mlnb_bench_p4');
  }
  const theirs = json(PYTHON, ['bench/p4_mlflow.py', runs, '2']);
  fs.rmSync(path.dirname(store), { recursive: true, force: true });
  const capped = theirs.timedOut.length
    ? ` (at least: ${theirs.timedOut.join(', ')} stopped at ${theirs.limitSeconds} s)`
    : '';
  row(
    'P4',
    `filtered, sorted page over ${runs} runs, p95 at the service vs MLflow search_runs (speed-up)`,
    `${ours.p95Ms.toFixed(1)} ms`,
    `${theirs.p95Ms.toFixed(0)} ms${capped}`,
    theirs.p95Ms / ours.p95Ms,
    'p95 <= 50 ms',
    ours.p95Ms <= 50
  );
  if (onPostgres) {
    row(
      'P4',
      `the same on PostgreSQL (team store; copied in ${onPostgres.copySeconds.toFixed(0)} s) vs MLflow (speed-up)`,
      `${onPostgres.p95Ms.toFixed(1)} ms`,
      `${theirs.p95Ms.toFixed(0)} ms${capped}`,
      theirs.p95Ms / onPostgres.p95Ms,
      'p95 <= 50 ms',
      onPostgres.p95Ms <= 50
    );
  }
  row(
    'P4',
    `Experiments panel: first rows after opening it, ${runs} runs (median of 5; ratio to the goal)`,
    `${panel.firstRowsMs} ms`,
    '500 ms goal (no named competitor)',
    panel.firstRowsMs / 500,
    '<= 500 ms',
    panel.firstRowsMs <= 500
  );
}
if (wanted('P7')) {
  const p7 = json(process.execPath, ['bench/p7-catalog-search.js', '10000', '20']);
  row(
    'P7',
    `catalog full-text search over ${p7.datasets} datasets, p95 at the service (ratio to the goal)`,
    `${p7.p95Ms.toFixed(1)} ms`,
    '20 ms goal (no named competitor)',
    p7.p95Ms / 20,
    'p95 <= 20 ms',
    p7.p95Ms <= 20
  );
  const url = postgresDatabase('P7', 'mlnb_bench_p7');
  if (url) {
    const pg = json(process.execPath, ['bench/p7-catalog-search.js', '10000', '20', url]);
    dropDatabase('mlnb_bench_p7');
    row(
      'P7',
      `the same on PostgreSQL (team store, tsvector + ts_rank), p95 at the service (ratio to the goal)`,
      `${pg.p95Ms.toFixed(1)} ms`,
      `SQLite: ${p7.p95Ms.toFixed(1)} ms`,
      pg.p95Ms / 20,
      'p95 <= 20 ms',
      pg.p95Ms <= 20
    );
  }
}
if (wanted('P5')) {
  fiveRoundsRow(
    'P5',
    'bench/p5-run-vs-papermill.js',
    'papermillMs',
    'mlnb run vs papermill, trivial 3-cell notebook (time ratio)',
    '0.5'
  );
}
const FLIGHTS_3M = path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
if (wanted('P3P')) {
  const ours = json(process.execPath, ['bench/p3-profile.js', FLIGHTS_3M, '3']);
  const theirs = json(PYTHON, ['bench/p3p_polars.py', FLIGHTS_3M, '3']);
  const what = 'profile flights-3m.parquet (3M rows × 5), mlnb (DuckDB) vs';
  timeRow(
    'P3p',
    `${what} polars read_parquet+describe+n_unique+histograms (time ratio)`,
    ours.ms,
    theirs.polarsMs,
    '1.0'
  );
  timeRow('P3p', `${what} pandas (time ratio)`, ours.ms, theirs.pandasMs, '1.0', { info: true });
}
if (wanted('P3P')) {
  // Arrow: vega-datasets' own file (200k flights, three numeric columns: mostly process start),
  // and flights-3m written as Arrow by pyarrow (a timestamp, two int64, two large-text columns).
  const arrow3m = path.join(os.tmpdir(), 'mlnb-bench-flights-3m.arrow');
  execFileSync(PYTHON, ['bench/flights_arrow.py', FLIGHTS_3M, arrow3m], { cwd: ROOT, stdio: 'inherit' });
  // The goal is the issue's: flights-3m. The 1.6 MB file is mostly a fresh process compiling its
  // loops (~30 of ~50 ms; warm, as in a kernel, it takes ~18 ms): shown, not a goal.
  const arrows = [
    [
      path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-200k.arrow'),
      'flights-200k.arrow (200k rows × 3)',
      false
    ],
    [arrow3m, 'flights-3m as Arrow (3M rows × 5: timestamp, int64, large text)', true]
  ];
  for (const [file, label, goal] of arrows) {
    const ours = json(process.execPath, ['bench/p3-profile.js', file, '3']);
    const theirs = json(PYTHON, ['bench/p3p_polars.py', file, '3']);
    timeRow(
      'P3p',
      `profile ${label}, mlnb (apache-arrow, columns in bulk; ${ours.warmMs.toFixed(0)} ms warm) vs polars read_ipc+describe+n_unique+histograms (time ratio)`,
      ours.ms,
      theirs.polarsMs,
      '1.0',
      goal ? {} : { info: true }
    );
  }
}
// P12 runs only when named (`npm run bench -- P12`): it writes a 5 GB file (MLNB_BENCH_P12_GB).
if (only.has('P12')) {
  const p12 = json(process.execPath, ['bench/p12-large-csv.js', process.env.MLNB_BENCH_P12_GB ?? '5']);
  const gb = (p12.bytes / 1e9).toFixed(1);
  const peak = Math.max(p12.register.peakRssMb, p12.query.peakRssMb);
  row(
    'P12',
    `a ${gb} GB CSV: register (${p12.register.seconds.toFixed(0)} s) and mlnb.sql aggregate (${p12.query.seconds.toFixed(0)} s), peak RSS (ratio to the goal); Ctrl-C mid-register left nothing: ${p12.interruptLeftNothing ? 'yes' : 'NO'}`,
    `${p12.register.peakRssMb.toFixed(0)} / ${p12.query.peakRssMb.toFixed(0)} MB`,
    '1024 MB goal (no named competitor)',
    peak / p12.goalMb,
    'peak < 1 GB, nothing half-written',
    p12.met
  );
}
if (wanted('P10')) {
  const generated = generatedCsv('P10', '1000000');
  const { csv } = generated;
  const ours = json(process.execPath, ['bench/p10-sql.js', path.dirname(csv), FLIGHTS_3M, csv, '5']);
  const theirs = json(PYTHON, ['bench/p10_duckdb.py', FLIGHTS_3M, csv, '5']);
  generated.remove();
  const kinds = [
    ['groupBy', 'GROUP BY origin over flights-3m.parquet'],
    ['aggregate', 'count/avg/max over the 1M-row CSV (63 MB)']
  ];
  for (const [kind, what] of kinds) {
    const [a, b] = [ours[kind], theirs[kind]];
    timeRow(
      'P10',
      `%%sql ${what}, mlnb.sql (best after the first) vs DuckDB Python API (time ratio)`,
      a.ms,
      b.ms,
      '1.5'
    );
    timeRow(
      'P10',
      'the same, first query of a fresh process (DuckDB start and sha256 included)',
      a.firstMs,
      b.firstMs,
      '1.5',
      { info: true }
    );
  }
}
if (wanted('P6')) {
  const p6 = json(process.execPath, ['bench/p6-scheduler.js', '50']);
  // No competitor is named for P6: the ratio column is the p95 against the 1 s goal.
  row(
    'P6',
    `scheduler fire latency after the due time, p95 over ${p6.fires} fires (real mlnb run attempts)`,
    `${p6.spawnedP95Ms} ms`,
    '(goal only)',
    p6.spawnedP95Ms / p6.goalP95Ms,
    'p95 <= 1000 ms',
    p6.met
  );
}

if (wanted('P9')) {
  // Real Airflow (.venv-airflow, which setup installs) on a scratch PostgreSQL database.
  const p9 = spawnSync(process.execPath, ['bench/p9-airflow-run-now.js', '3'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  });
  if (p9.status === 0) {
    const r = JSON.parse(p9.stdout.trim().split('\n').pop());
    row(
      'P9',
      `Airflow job: Run now to first cell (Airflow to hand-over ${r.airflowHandOverMs} ms + mlnb ${r.mlnbInAirflowMs} ms) vs mlnb run alone; goal on mlnb's share`,
      `${r.runNowToFirstCellMs} ms`,
      `${r.mlnbRunAloneMs} ms`,
      r.ratio,
      `mlnb share ${r.mlnbShareMs} ms <= 100 ms`,
      r.met
    );
  } else {
    console.error('P9: not measured (needs .venv-airflow and PostgreSQL; see above).');
  }
}

if (wanted('P13')) {
  const p13 = json(process.execPath, ['bench/p13-pipeline.js', '5']);
  row(
    'P13',
    `pipeline of ${p13.steps} steps (mlnb pipelines run) vs the same notebooks by mlnb run one after another; goal per step`,
    `${p13.pipelineMs} ms`,
    `${p13.sequentialMs} ms`,
    p13.ratio,
    `overhead ${p13.perStepOverheadMs} ms/step <= 100 ms`,
    p13.perStepOverheadMs <= 100
  );
}

if (wanted('P11')) {
  const p11 = json(process.execPath, ['bench/p11-serving.js', path.join(VENV_BIN, 'mlflow')]);
  const { mlnb, mlflow } = p11;
  const ms = r => `${Math.round(r.rps)} rps, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`;
  speedupRow(
    'P11',
    'model serving, 1 row/request, 32 clients: mlnb models serve vs mlflow models serve (throughput ratio)',
    ms(mlnb.oneRow),
    ms(mlflow.oneRow),
    mlnb.oneRow.rps / mlflow.oneRow.rps,
    3
  );
  row(
    'P11',
    "the same: mlnb's p99 against MLflow's p50 (latency ratio)",
    `p99 ${mlnb.oneRow.p99Ms.toFixed(1)} ms`,
    `p50 ${mlflow.oneRow.p50Ms.toFixed(1)} ms`,
    mlnb.oneRow.p99Ms / mlflow.oneRow.p50Ms,
    '<= 1.0',
    mlnb.oneRow.p99Ms <= mlflow.oneRow.p50Ms
  );
  speedupRow(
    'P11',
    'model serving, 100 rows/request, 32 clients (throughput ratio)',
    ms(mlnb.hundredRows),
    ms(mlflow.hundredRows),
    mlnb.hundredRows.rps / mlflow.hundredRows.rps,
    1,
    { info: true }
  );
}

printReport();
