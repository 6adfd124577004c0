// P3's data: a CSV of N rows × 10 numeric columns (4 integer, 6 with decimals; uniform, normal,
// skewed), the same bytes for every run. Usage: node bench/p3-generate.js OUT.csv [rows]
const fs = require('node:fs');
const { xorshift32 } = require('../fixtures/random');

/** Writes `rows` rows to `file`; returns the byte count. */
function generate(file, rows) {
  const r = xorshift32(20260427);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const columns = [
    ['id', i => String(i)],
    ['age', () => String(18 + Math.floor(r() * 70))],
    ['clicks', () => String(Math.floor(Math.exp(normal() * 1.5 + 2)))],
    ['year', () => String(1990 + Math.floor(r() * 35))],
    ['price', () => (Math.exp(normal() + 3) + 0.01).toFixed(2)],
    ['score', () => normal().toFixed(6)],
    ['ratio', () => r().toFixed(6)],
    ['temp', () => (15 + 8 * normal()).toFixed(1)],
    ['lat', () => (-90 + 180 * r()).toFixed(5)],
    ['weight', () => (70 + 12 * normal()).toFixed(3)]
  ];
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const write = text => {
    bytes += fs.writeSync(fd, text);
  };
  write(columns.map(c => c[0]).join(',') + '\n');
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(columns.map(c => c[1](i)).join(','));
    if (chunk.length === 10000) {
      write(chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) {
    write(chunk.join('\n') + '\n');
  }
  fs.closeSync(fd);
  return bytes;
}

module.exports = { generate };

if (require.main === module) {
  const [file, rows = '1000000'] = process.argv.slice(2);
  const started = Date.now();
  const bytes = generate(file, Number(rows));
  console.log(JSON.stringify({ file, rows: Number(rows), bytes, ms: Date.now() - started }));
}
