// P12: larger than memory. Generates a CSV of GB gigabytes (default 5), then, each in a fresh
// process, with its peak RSS: Ctrl-C in the middle of `mlnb datasets register` (the store must
// hold nothing of it), the registration itself (profile + sha256, streaming), and an aggregate
// over it with mlnb.sql (sha256 check + DuckDB reading the file in place). Goal: every peak
// under 1 GB. The file is deleted at the end, also when a step fails.
// Usage: node bench/p12-large-csv.js [gigabytes]   (prints JSON; needs the built kernel-helpers)
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { writeLargeCsv } = require('./large-csv');

const root = path.resolve(__dirname, '..');
const mlnb = path.join(root, 'kernel-helpers', 'bin', 'mlnb.js');
/** Preloaded into each measured process: its peak RSS, printed on stderr as it exits. */
const PEAK = path.join(__dirname, 'peak-rss.js');
const GOAL_MB = 1024;
const gigabytes = Number(process.argv[2] ?? '5');

/** Runs node with `args` (peak RSS reported), stderr's progress lines passed through. */
async function measured(args, env, { interruptOn } = {}) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--require', PEAK, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => {
    stderr += chunk;
    process.stderr.write(chunk);
    if (interruptOn && interruptOn.test(stderr) && child.exitCode === null) {
      child.kill('SIGINT');
      interruptOn = null;
    }
  });
  const [code, signal] = await once(child, 'exit');
  const peak = /peak-rss-kb (\d+)/.exec(stderr);
  return {
    code,
    signal,
    stdout,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    peakRssMb: peak ? Number(peak[1]) / 1024 : null
  };
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-p12-'));
  const file = path.join(dir, 'large.csv');
  const bytes = gigabytes * 1e9;
  const { bavail, bsize } = fs.statfsSync(dir);
  if (bavail * bsize < bytes * 1.2) {
    throw new Error(
      `P12 needs ${((bytes * 1.2) / 1e9).toFixed(1)} GB free in ${dir}; ${((bavail * bsize) / 1e9).toFixed(1)} GB are`
    );
  }
  const env = { ...process.env, MLNB_STORE: path.join(dir, 'store.db') };
  try {
    console.error(`P12: writing a ${gigabytes} GB CSV…`);
    let started = Date.now();
    const generated = writeLargeCsv(file, bytes);
    const generateSeconds = (Date.now() - started) / 1000;

    // Ctrl-C once the profile has passed 10%: nothing of it may be in the store afterwards.
    const interrupted = await measured([mlnb, 'datasets', 'register', file, '--name', 'large'], env, {
      interruptOn: /large\.csv: [1-9]\d%/
    });
    const listed = await measured([mlnb, 'datasets', 'search', '--json'], env);
    const leftNothing = interrupted.code !== 0 && JSON.parse(listed.stdout).length === 0;

    const register = await measured([mlnb, 'datasets', 'register', file, '--name', 'large'], env);
    if (register.code !== 0) {
      throw new Error(`mlnb datasets register failed (${register.code ?? register.signal})`);
    }
    const query = `
      const mlnb = require(${JSON.stringify(path.join(root, 'kernel-helpers', 'dist'))});
      mlnb.sql('SELECT count(*) AS n, avg(amount) AS amount, max(score) AS score, count(DISTINCT category) AS categories FROM large')
        .then(frame => console.log(JSON.stringify(frame.columns.map(c => frame.column(c).values[0]))));`;
    started = Date.now();
    const queried = await measured(['-e', query], env);
    if (queried.code !== 0) {
      throw new Error(`mlnb.sql failed (${queried.code ?? queried.signal})`);
    }
    const [n] = JSON.parse(queried.stdout.trim().split('\n').pop());
    if (Number(n) !== generated.rows) {
      throw new Error(`mlnb.sql counted ${n} rows; the file has ${generated.rows}`);
    }
    console.log(
      JSON.stringify({
        bytes: generated.bytes,
        rows: generated.rows,
        generateSeconds,
        interruptLeftNothing: leftNothing,
        register: { seconds: register.seconds, peakRssMb: register.peakRssMb },
        query: { seconds: queried.seconds, peakRssMb: queried.peakRssMb },
        goalMb: GOAL_MB,
        met: leftNothing && Math.max(register.peakRssMb, queried.peakRssMb) < GOAL_MB
      })
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})().catch(error => {
  console.error(error.message);
  process.exit(1);
});
