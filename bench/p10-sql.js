// P10, mlnb's side: mlnb.sql over catalog datasets as a notebook runs it (resolve the dataset,
// check its file, attach it to DuckDB, record the input on the run, run the query, hand back a
// danfo DataFrame). The datasets are registered first (not timed). Prints the first query of a
// fresh process (DuckDB's start and the file's sha256 included) and the best of N after it.
// Usage: node bench/p10-sql.js STORE_DIR PARQUET CSV [rounds]   (prints JSON)
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [dir, parquet, csv, rounds = '5'] = process.argv.slice(2);
const env = { ...process.env, MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
const mlnb = path.join(root, 'kernel-helpers', 'bin', 'mlnb.js');
for (const [file, name] of [
  [parquet, 'flights3m'],
  [csv, 'p3csv']
]) {
  execFileSync(process.execPath, [mlnb, 'datasets', 'register', file, '--name', name], {
    cwd: dir,
    env,
    stdio: 'ignore'
  });
}

const QUERIES = {
  groupBy:
    'SELECT origin, count(*) AS flights, avg(delay) AS delay FROM flights3m GROUP BY origin ORDER BY flights DESC',
  aggregate: 'SELECT count(*) AS n, avg(price) AS price, max(score) AS score FROM p3csv'
};

const script = `
  const mlnb = require(${JSON.stringify(path.join(root, 'kernel-helpers', 'dist'))});
  (async () => {
    const out = {};
    for (const [name, query] of Object.entries(${JSON.stringify(QUERIES)})) {
      const times = [];
      let rows = 0;
      for (let i = 0; i <= ${Number(rounds)}; i++) {
        const started = process.hrtime.bigint();
        const frame = await mlnb.sql(query);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        rows = frame.shape[0];
      }
      out[name] = { firstMs: times[0], ms: Math.min(...times.slice(1)), allMs: times, rows };
    }
    console.log(JSON.stringify(out));
  })();`;
// Each query kind in its own fresh process, so that each one's first call is a cold start.
console.log(
  execFileSync(process.execPath, ['-e', script], { cwd: dir, env, encoding: 'utf8' }).trim().split('\n').pop()
);
