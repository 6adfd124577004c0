// P4's data: N runs × 20 metric series (10 points each) with 3 params and 2 tags, written
// straight into a fresh mlnb store (the same rows the recorder writes, in one transaction).
// Usage: node bench/p4-generate.js STORE_FILE [runs]
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const { openStore } = require(path.join(root, 'kernel-helpers/dist/store/engine/open'));
const Database = require(path.join(root, 'node_modules/better-sqlite3'));

/** Deterministic pseudo-random numbers, so both stores get the same runs. */
function* random(seed) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

/** Points per metric series: enough for a series, few enough to generate 100k runs quickly. */
const POINTS = 2;

module.exports.runSpecs = function* runSpecs(count) {
  const r = random(42);
  const lrs = [0.001, 0.003, 0.01, 0.03, 0.1];
  for (let i = 0; i < count; i++) {
    const id = i.toString(16).padStart(32, '0');
    const metrics = {};
    for (let m = 0; m < 20; m++) {
      metrics[m === 0 ? 'val_acc' : `metric_${m}`] = Array.from({ length: POINTS }, () => r.next().value);
    }
    yield {
      id,
      name: `run-${i}`,
      experiment: `notebooks/nb-${i % 50}.ipynb`,
      start: 1_700_000_000_000 + i * 1000,
      params: { lr: lrs[i % 5], epochs: 10 + (i % 7), optimizer: i % 2 ? 'adam' : 'sgd' },
      tags: { team: ['fraud', 'search', 'ads'][i % 3], stage: i % 10 ? 'dev' : 'prod' },
      metrics
    };
  }
};

if (require.main === module) {
  const [file, count = '100000'] = process.argv.slice(2);
  (async () => {
    // The store creates and migrates the file; the rows go in through SQLite directly.
    await (await openStore({ env: { MLNB_STORE: file } })).close();
    const db = new Database(file);
    const insertRun =
      db.prepare(`INSERT INTO runs (id, experiment, name, status, source, job_id, user_name, host, pid,
      start_time, end_time, heartbeat_at, updated_at, code, environment) VALUES (?, ?, ?, 'finished', 'batch', NULL, 'bench', 'bench', 1, ?, ?, ?, ?, '{"git":null,"notebook":null}', '{}')`);
    const insertMetric = db.prepare(
      'INSERT INTO run_metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)'
    );
    const insertLatest = db.prepare(
      'INSERT INTO run_latest_metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)'
    );
    const insertParam = db.prepare(
      'INSERT INTO run_params (run_id, name, type, value, num) VALUES (?, ?, ?, ?, ?)'
    );
    const insertTag = db.prepare('INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?)');
    const started = Date.now();
    db.transaction(() => {
      for (const run of module.exports.runSpecs(Number(count))) {
        insertRun.run(
          run.id,
          run.experiment,
          run.name,
          run.start,
          run.start + 60_000,
          run.start,
          run.start + 60_000
        );
        for (const [key, values] of Object.entries(run.metrics)) {
          values.forEach((v, step) => insertMetric.run(run.id, key, step, v, run.start + step));
          insertLatest.run(run.id, key, values.length - 1, values[values.length - 1], run.start);
        }
        for (const [name, value] of Object.entries(run.params)) {
          const number = typeof value === 'number';
          insertParam.run(
            run.id,
            name,
            number ? 'number' : 'string',
            JSON.stringify(value),
            number ? value : null
          );
        }
        for (const [key, value] of Object.entries(run.tags)) {
          insertTag.run(run.id, key, value);
        }
      }
    })();
    db.close();
    console.log(JSON.stringify({ runs: Number(count), seconds: (Date.now() - started) / 1000 }));
  })();
}
