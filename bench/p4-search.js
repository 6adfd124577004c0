// P4, mlnb's side: filtered, sorted pages from `mlnb serve` over a store of N runs × 20 metric
// series, measured at the service (HTTP over its unix socket), p95 over repeated queries.
// Usage: node bench/p4-search.js STORE_FILE [rounds]   (the store made by p4-generate.js)
const { timeQueries } = require('./service-queries');

const QUERIES = require('./p4-queries.json');
const [file, rounds = '20'] = process.argv.slice(2);

(async () => {
  const queries = QUERIES.map(q => {
    const params = new URLSearchParams({ limit: '50' });
    if (q.filter) params.set('filter', q.filter);
    if (q.order_by) params.set('order_by', q.order_by);
    return { key: q.name, url: `/api/runs?${params}` };
  });
  const { times, perQuery } = await timeQueries(file, queries, Number(rounds), body => body.runs.length);
  const p95 = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
  console.log(
    JSON.stringify({
      p95Ms: p95(times),
      perQueryP95Ms: Object.fromEntries(Object.entries(perQuery).map(([k, v]) => [k, p95(v)]))
    })
  );
})();
