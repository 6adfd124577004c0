// A CSV of about `bytes` bytes, written a few MB at a time (memory stays small whatever the
// size): id, an ISO timestamp, a category of 40, an amount, a score, a flag. Deterministic.
// Used by P12 (bench/p12-large-csv.js) and by the Ctrl-C test (kernel-helpers/test/catalog-interrupt.test.ts).
// Usage: node bench/large-csv.js OUT.csv BYTES
const fs = require('node:fs');
const { xorshift32 } = require('../fixtures/random');

const HEADER = 'id,time,category,amount,score,flag\n';
const CATEGORIES = Array.from({ length: 40 }, (_, i) => `cat${String(i).padStart(2, '0')}`);
const START = Date.UTC(2024, 0, 1);

/** Writes the CSV; returns its size and row count. */
function writeLargeCsv(file, bytes) {
  const fd = fs.openSync(file, 'w');
  const random = xorshift32(2463534242);
  // Every row but its id comes from a table of 65,536 made once: formatting numbers and dates
  // per row wrote 2 MB/s; this writes 35 MB/s on a busy 2-core machine.
  const rests = Array.from(
    { length: 65536 },
    (_, i) =>
      `,${new Date(START + i * 1000).toISOString()},${CATEGORIES[Math.floor(random() * 40)]},` +
      `${(random() * 1000).toFixed(2)},${(random() * 2 - 1).toFixed(6)},${random() < 0.5}\n`
  );
  let written = fs.writeSync(fd, HEADER);
  let rows = 0;
  try {
    while (written < bytes) {
      let chunk = '';
      for (let i = 0; i < 50_000; i++, rows++) {
        chunk += rows + rests[rows & 65535];
      }
      written += fs.writeSync(fd, chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes: written, rows };
}

module.exports = { writeLargeCsv };

if (require.main === module) {
  const [file, bytes] = process.argv.slice(2);
  console.log(JSON.stringify(writeLargeCsv(file, Number(bytes))));
}
