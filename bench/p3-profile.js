// P3, mlnb's side: profileFile on the generated CSV (statistics, quantiles, histograms, sha256),
// best of N rounds, each in a fresh process so that no round warms the next (imports not timed);
// `warmMs`: the same profile again in that process (best of the rounds).
// Usage: node bench/p3-profile.js FILE.csv [rounds] [threads]   (prints JSON)
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [file, rounds = '3', threads = ''] = process.argv.slice(2);

// Modules are loaded before the clock starts, as the Python side imports polars, pandas and
// numpy before it (the Arrow and Parquet readers load lazily, inside profileFile, otherwise).
const dist = path.join(root, 'kernel-helpers/dist/profile');
const round = `
  const { profileFile } = require(${JSON.stringify(dist)});
  require(${JSON.stringify(path.join(dist, 'arrow'))});
  require(${JSON.stringify(path.join(dist, 'parquet'))});
  const profile = () => {
    const started = process.hrtime.bigint();
    return profileFile(${JSON.stringify(file)}${threads ? `, { threads: ${Number(threads)} }` : ''})
      .then(p => ({ p, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  };
  profile().then(async ({ p, ms }) => {
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    // Again in the same process, compiled and warm, as in a kernel that has profiled before.
    const warmMs = (await profile()).ms;
    console.log(JSON.stringify({ ms, warmMs, rows: p.rows, columns: p.columns.length, peakRssMb,
      meanOfFirstColumn: p.columns[0].statistics.mean }));
  });`;

const results = [];
for (let i = 0; i < Number(rounds); i++) {
  results.push(JSON.parse(execFileSync(process.execPath, ['-e', round], { encoding: 'utf8' }).trim()));
}
const best = results.reduce((a, b) => (b.ms < a.ms ? b : a));
const cpus = require('node:os').availableParallelism();
// What profileFile chose by default (see threadsFor in profile-file.ts): one below 4 CPUs.
const threadsUsed = threads || (cpus < 4 ? 1 : Math.min(4, cpus - 1));
const warmMs = Math.min(...results.map(r => r.warmMs));
console.log(JSON.stringify({ ...best, warmMs, allMs: results.map(r => r.ms), threadsUsed }));
