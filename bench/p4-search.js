// P4, mlnb's side: filtered, sorted pages from `mlnb serve` over a store of N runs × 20 metric
// series, measured at the service (HTTP over its unix socket), p95 over repeated queries.
// Usage: node bench/p4-search.js STORE_FILE [rounds]   (the store made by p4-generate.js)
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const QUERIES = require('./p4-queries.json');
const root = path.resolve(__dirname, '..');
const [file, rounds = '20'] = process.argv.slice(2);

function get(socketPath, url) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get({ socketPath, path: url }, res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`${url}: ${res.statusCode} ${body}`));
          }
          resolve({
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            count: JSON.parse(body).runs.length
          });
        });
      })
      .on('error', reject);
  });
}

(async () => {
  const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-p4-')), 'mlnb.sock');
  const service = spawn(
    process.execPath,
    [path.join(root, 'kernel-helpers/bin/mlnb.js'), 'serve', '--socket', socketPath],
    {
      env: { ...process.env, MLNB_STORE: file },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  await new Promise(resolve => service.stdout.once('data', resolve));
  const times = [];
  const perQuery = {};
  for (let r = 0; r < Number(rounds); r++) {
    for (const q of QUERIES) {
      const params = new URLSearchParams({ limit: '50' });
      if (q.filter) params.set('filter', q.filter);
      if (q.order_by) params.set('order_by', q.order_by);
      const { ms, count } = await get(socketPath, `/api/runs?${params}`);
      if (r > 0) {
        times.push(ms); // round 0 warms the caches, as a panel's first page would
        (perQuery[q.name] ??= []).push(ms);
      }
      if (count === 0) throw new Error(`query ${q.name} found nothing`);
    }
  }
  service.kill();
  const p95 = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
  console.log(
    JSON.stringify({
      p95Ms: p95(times),
      perQueryP95Ms: Object.fromEntries(Object.entries(perQuery).map(([k, v]) => [k, p95(v)]))
    })
  );
})();
