// Queries timed at the service: `mlnb serve` on a store, over its unix socket (as the panels ask
// it through jupyter-server-proxy). Used by P4 (runs search) and P7 (catalog search).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const MLNB = path.resolve(__dirname, '..', 'kernel-helpers', 'bin', 'mlnb.js');

/** One GET over the socket: its time and its JSON body; a status other than 200 rejects. */
function get(socketPath, url) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get({ socketPath, path: url }, res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, body: JSON.parse(body) })
            : reject(new Error(`${url}: ${res.statusCode} ${body}`))
        );
      })
      .on('error', reject);
  });
}

/**
 * Asks `mlnb serve` on `store` (MLNB_STORE: a file or a URL) each of `queries` ({ key, url }) for
 * `rounds` rounds; `hits(body)` counts what an answer found, and a query that finds nothing fails
 * the benchmark. Round 0 warms the caches, as a panel's first page would: the times are those of
 * the later rounds, all together and per query key.
 */
async function timeQueries(store, queries, rounds, hits) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-bench-serve-'));
  const socketPath = path.join(dir, 'mlnb.sock');
  const service = spawn(process.execPath, [MLNB, 'serve', '--socket', socketPath], {
    env: { ...process.env, MLNB_STORE: store },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  try {
    await new Promise(resolve => service.stdout.once('data', resolve));
    const times = [];
    const perQuery = {};
    for (let r = 0; r < rounds; r++) {
      for (const { key, url } of queries) {
        const { ms, body } = await get(socketPath, url);
        if (hits(body) === 0) {
          throw new Error(`query ${key} found nothing`);
        }
        if (r > 0) {
          times.push(ms);
          (perQuery[key] ??= []).push(ms);
        }
      }
    }
    return { times, perQuery };
  } finally {
    service.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { timeQueries };
