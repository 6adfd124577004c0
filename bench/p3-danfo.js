// P3, danfo's side: danfo-node readCSV + describe() on the generated CSV (one round: it is slow).
// Usage: node bench/p3-danfo.js FILE.csv   (prints JSON)
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dfd = require(path.join(root, 'node_modules/danfojs-node'));

(async () => {
  const file = process.argv[2];
  const started = process.hrtime.bigint();
  const frame = await dfd.readCSV(file);
  const read = Number(process.hrtime.bigint() - started) / 1e6;
  const stats = frame.describe();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    JSON.stringify({
      ms,
      readMs: read,
      rows: frame.shape[0],
      columns: frame.shape[1],
      statsRows: stats.shape[0]
    })
  );
})();
