// P7: full-text catalog search at the service over N registered datasets (default 10k), p95 of
// the queries a user types in the Datasets panel (prefixes, several words, filters).
// Usage: node bench/p7-catalog-search.js [datasets] [rounds] [store]   (needs the built
// kernel-helpers; the store is a new SQLite file unless a postgres:// URL of an empty database)
const { spawnSync } = require('node:child_process');
const { URL } = require('node:url');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { timeQueries } = require('./service-queries');

const root = path.resolve(__dirname, '..');
const { openStore } = require(path.join(root, 'kernel-helpers/dist/store/engine/open'));
const [count = '10000', rounds = '20', target] = process.argv.slice(2);

const WORDS = (
  'customer churn sales revenue weather sensor clicks sessions fraud transactions loans credit ' +
  'images labels survey census traffic flights delays energy prices stocks returns retail orders ' +
  'inventory marketing campaign patients claims insurance telemetry logs errors latency devices'
).split(' ');
const COLUMNS = (
  'id user_id amount price quantity timestamp date country city age income score label ' +
  'category device duration latency temperature humidity wind rating region product store'
).split(' ');
const FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'arrow'];

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = list => list[Math.floor(random() * list.length)];

/** A profile as the profiler would store it, with believable columns (no file is read). */
function profile(i) {
  const columns = Array.from({ length: 8 + Math.floor(random() * 16) }, (_, c) => ({
    name: `${pick(COLUMNS)}_${c}`,
    type: 'number',
    nullable: false,
    statistics: {
      count: 1000,
      missing: 0,
      distinct: 900,
      distinctExact: true,
      min: 0,
      max: 1,
      mean: 0.5,
      std: 0.29
    },
    histogram: { kind: 'numeric', edges: [0, 0.5, 1], counts: [500, 500] }
  }));
  return {
    format: pick(FORMATS),
    rows: 1000 + i,
    bytes: 100000 + i,
    sha256: i.toString(16).padStart(64, '0'),
    columns
  };
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-p7-'));
  const file = target ?? path.join(dir, 'store.db');
  const store = await openStore({ env: { MLNB_STORE: file } });
  // The same datasets on every engine (drawn in order); written a few at a time, as a team would.
  const inputs = Array.from({ length: Number(count) }, (_, i) => {
    const words = Array.from({ length: 2 }, () => pick(WORDS));
    return {
      name: `${words.join('-')}-${i}`,
      location: `/data/${i}.csv`,
      profile: profile(i),
      createdBy: pick(['ana', 'ben', 'chen', 'dev']),
      description: Array.from({ length: 20 }, () => pick(WORDS)).join(' '),
      tags: [pick(WORDS), pick(['raw', 'clean', 'gold'])]
    };
  });
  const started = Date.now();
  for (let i = 0; i < inputs.length; i += 4) {
    await Promise.all(inputs.slice(i, i + 4).map(input => store.datasets.register(input)));
  }
  const registerSeconds = (Date.now() - started) / 1000;
  await store.close();
  if (target) {
    // The planner's statistics after the bulk load, as autovacuum would gather them shortly.
    const database = new URL(target).pathname.slice(1);
    spawnSync(process.execPath, [path.join(__dirname, 'pg-database.js'), 'analyze', database], {
      stdio: 'inherit'
    });
  }

  const queries = [
    'q=w',
    'q=wea',
    'q=weather',
    'q=customer%20churn',
    'q=sales%20rev',
    'q=temperature',
    'q=fraud&format=csv',
    'q=loans&tag=gold',
    'tag=clean',
    ''
  ];
  const { times, perQuery } = await timeQueries(
    file,
    queries.map(q => ({ key: q || '(all)', url: `/api/datasets?limit=50&${q}` })),
    Number(rounds),
    body => body.datasets.length
  );
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = times.sort((a, b) => a - b);
  const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (process.env.P7_DEBUG) {
    console.error(Object.fromEntries(Object.entries(perQuery).map(([q, v]) => [q, median(v).toFixed(1)])));
  }

  console.log(
    JSON.stringify({
      datasets: Number(count),
      registerSeconds,
      p95Ms: sorted[Math.floor(sorted.length * 0.95)],
      p50Ms: sorted[Math.floor(sorted.length / 2)]
    })
  );
})();
