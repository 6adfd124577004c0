// P11: online serving of the penguins-shaped classifier (4 -> 16 -> 3) — `mlnb models serve` vs
// `mlflow models serve` (a pyfunc model of the same layers and weights), each in its own process,
// driven by the same Node load generator: 32 concurrent clients on keep-alive connections,
// one row per request and 100 rows per request; requests per second, p50 and p99 latency.
// Usage: node bench/p11-serving.js PATH/TO/mlflow [SECONDS]   (prints JSON last)
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { setTimeout } = require('node:timers');
const { URL } = require('node:url');
/* global fetch */

const root = path.resolve(__dirname, '..');
const tf = require('@tensorflow/tfjs');
const { openStore } = require(path.join(root, 'kernel-helpers/dist/store/engine/open'));
const { saveLayersModel } = require(path.join(root, 'kernel-helpers/dist/models/layers-format'));
const { registerModelFolder } = require(path.join(root, 'kernel-helpers/dist/models/register'));

const MLFLOW = path.resolve(process.argv[2]);
const SECONDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = 32;
const TOKEN = 'p11-bench-token';
const FEATURES = ['x0', 'x1', 'x2', 'x3'];

/** Deterministic weights (a linear congruential sequence), the same for both servers. */
function weights() {
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.8;
  const matrix = (r, c) => Array.from({ length: r }, () => Array.from({ length: c }, next));
  return {
    layers: [
      [matrix(4, 16), matrix(1, 16)[0]],
      [matrix(16, 3), matrix(1, 3)[0]]
    ]
  };
}

async function registerModel(dir, w) {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' })
    ]
  });
  model.setWeights(w.layers.flatMap(([k, b]) => [tf.tensor2d(k), tf.tensor1d(b)]));
  await saveLayersModel(tf, model, path.join(dir, 'model'));
  const store = await openStore({ env: { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') } });
  await registerModelFolder(store, 'bench', path.join(dir, 'model'), null);
  await store.close();
}

/** Starts a server process and resolves once `ready()` answers. */
async function startServer(command, args, options, ready) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', c => (output += c));
  child.stderr.on('data', c => (output += c));
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${command} exited: ${output}`);
    }
    const url = await ready(output).catch(() => null);
    if (url) {
      return { child, url };
    }
    if (Date.now() > until) {
      child.kill();
      throw new Error(`${command} did not start: ${output}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

function post(agent, url, headers, body) {
  return new Promise(resolve => {
    const started = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers }, res => {
      res.resume();
      res.on('end', () =>
        resolve(res.statusCode === 200 ? Number(process.hrtime.bigint() - started) / 1e6 : -1)
      );
    });
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

/** 32 clients sending `body` back to back for `seconds` (after one second of warm-up). */
async function drive(url, headers, body, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const run = async ms => {
    const latencies = [];
    let errors = 0;
    const until = Date.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          const ms = await post(agent, url, headers, body);
          if (ms < 0) {
            errors++;
          } else {
            latencies.push(ms);
          }
        }
      })
    );
    return { latencies, errors };
  };
  await run(1000);
  const started = Date.now();
  const { latencies, errors } = await run(seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = q => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), errors };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-p11-'));
  const w = weights();
  await registerModel(dir, w);
  fs.writeFileSync(path.join(dir, 'weights.json'), JSON.stringify(w));
  execFileSync(path.join(path.dirname(MLFLOW), 'python'), [
    path.join(__dirname, 'p11_mlflow_model.py'),
    path.join(dir, 'weights.json'),
    path.join(dir, 'mlflow-model')
  ]);
  const bodies = [1, 100].map(n => {
    const data = Array.from({ length: n }, (_, i) => FEATURES.map((_, j) => ((i * 7 + j * 3) % 11) / 5 - 1));
    return JSON.stringify({ dataframe_split: { columns: FEATURES, data } });
  });
  const results = {};
  const servers = {
    mlnb: () =>
      startServer(
        process.execPath,
        [
          path.join(root, 'kernel-helpers/bin/mlnb.js'),
          'models',
          'serve',
          'bench@1',
          '--port',
          '0',
          '--token',
          TOKEN
        ],
        { cwd: dir, env: { ...process.env, MLNB_STORE: path.join(dir, '.mlnb', 'store.db') } },
        async output => / on (http:\S+)/.exec(output)?.[1]
      ),
    mlflow: async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      return startServer(
        MLFLOW,
        [
          'models',
          'serve',
          '-m',
          path.join(dir, 'mlflow-model'),
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '--env-manager',
          'local'
        ],
        // mlflow starts uvicorn by name: the venv's bin must be on PATH.
        {
          cwd: dir,
          env: { ...process.env, PATH: `${path.dirname(MLFLOW)}${path.delimiter}${process.env.PATH}` }
        },
        () => fetch(`${url}ping`).then(r => (r.ok ? url : null))
      );
    }
  };
  for (const [name, start] of Object.entries(servers)) {
    const { child, url } = await start();
    const headers = {
      'content-type': 'application/json',
      ...(name === 'mlnb' ? { authorization: `token ${TOKEN}` } : {})
    };
    try {
      results[name] = {
        oneRow: await drive(new URL('invocations', url), headers, bodies[0], SECONDS),
        hundredRows: await drive(new URL('invocations', url), headers, bodies[1], SECONDS)
      };
    } finally {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(results));
}

function freePort() {
  return new Promise(resolve => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
