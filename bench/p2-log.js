// P2, mlnb's side: the cost of mlnb.log on a real SQLite store.
// - call: one mlnb.log({ loss }) call (points are buffered, written within 0.5 s or at cell end)
// - durable: one mlnb.log plus the flush that commits it (what MLflow's log_metric does per call)
// - batch: points per second for 1,000,000 points (50,000 calls of 20 metrics), flushed
// Usage: node bench/p2-log.js   (prints JSON)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { RunRecorder } = require(path.join(root, 'kernel-helpers/dist/capture/recorder'));
const { useRecorder, log } = require(path.join(root, 'kernel-helpers/dist/api'));

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];
const now = () => Number(process.hrtime.bigint()) / 1000; // microseconds

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-bench-p2-'));
  process.env.MLNB_STORE = path.join(dir, 'store.db');
  const recorder = new RunRecorder({
    cwd: dir,
    source: 'batch',
    notebookPath: path.join(dir, 'bench.ipynb')
  });
  recorder.prepare();
  useRecorder(recorder);
  log({ warmup: 0 });
  await recorder.flush();

  const call = [];
  for (let i = 0; i < 20000; i++) {
    const t = now();
    log({ loss: i });
    call.push(now() - t);
  }
  await recorder.flush();

  const durable = [];
  for (let i = 0; i < 2000; i++) {
    const t = now();
    log({ durable_loss: i });
    await recorder.flush();
    durable.push(now() - t);
  }

  const keys = Array.from({ length: 20 }, (_, k) => `m${k}`);
  const started = now();
  for (let i = 0; i < 50000; i++) {
    const metrics = {};
    for (const k of keys) metrics[k] = i;
    log(metrics, i);
  }
  await recorder.flush();
  const batchSeconds = (now() - started) / 1e6;
  await recorder.finish('finished');
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      callP50Us: percentile(call, 0.5),
      durableP50Us: percentile(durable, 0.5),
      batchPointsPerSecond: 1e6 / batchSeconds
    })
  );
})();
