import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { xorshift32 } from '../../fixtures/random';
import { profileColumns, profileFile } from '../src/profile';
import type { DatasetProfile } from '../src/profile';
import { close, column, DATA, temporaryFolder } from './helpers/profile-files';
import { countInBins, LEVELS, rankDistance } from './helpers/reference-stats';

/** The profiler on large inputs (sketches, threads, memory), in-memory columns and Parquet. */

const tmp = temporaryFolder();

/** Sketched quantiles, each within the rank error the profile states (under 1%) of the sorted values. */
function expectSketchedQuantiles(
  s: DatasetProfile['columns'][number]['statistics'],
  sorted: Float64Array
): void {
  expect(s.quantilesExact).toBe(false);
  expect(s.quantileRankError).toBeLessThan(0.01);
  for (const [name, p] of LEVELS) {
    expect(rankDistance(sorted, (s.quantiles as any)[name], p) / sorted.length).toBeLessThanOrEqual(
      s.quantileRankError!
    );
  }
}

describe('large inputs', () => {
  const ROWS = 2_000_000;
  let file: string;
  let values: Float64Array;

  beforeAll(() => {
    // A hard column for the sketches: skewed, negative, repeated and far outlying values.
    const r = xorshift32(7);
    values = new Float64Array(ROWS);
    const lines: string[] = ['x,k'];
    for (let i = 0; i < ROWS; i++) {
      const u = r();
      const normal = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      const x =
        u < 0.5
          ? Number(Math.exp(normal * 2).toPrecision(7))
          : u < 0.8
            ? Number((normal - 10).toFixed(4))
            : u < 0.99999
              ? 0
              : 1e9;
      values[i] = x;
      lines.push(`${x},${i % 1000}`);
    }
    file = tmp.write('large.csv', lines.join('\n') + '\n');
    values.sort();
  });

  test('2M values: quantiles within the stated rank error bound (under 1%); one thread or two alike', async () => {
    const distinct = new Set(values).size;
    const profiles: DatasetProfile[] = [];
    for (const threads of [1, 2]) {
      const profile = await profileFile(file, { threads });
      profiles.push(profile);
      const s = column(profile, 'x').statistics;
      expect(s.count).toBe(ROWS);
      expectSketchedQuantiles(s, values);
      expect(s.min).toBe(values[0]);
      expect(s.max).toBe(values[ROWS - 1]);
      // Estimated distinct count within 4 standard errors.
      expect(s.distinctExact).toBe(false);
      expect(Math.abs(s.distinct - distinct) / distinct).toBeLessThan(4 * s.distinctError!);
      const histogram = column(profile, 'x').histogram!;
      if (histogram.kind !== 'numeric') {
        throw new Error('expected numeric');
      }
      // Counts exact for the edges given (bins of the fine grid).
      expect(histogram.counts).toEqual(countInBins(Array.from(values), histogram.edges));
      // A column with 1,000 distinct values stays exact past the kept values.
      const k = column(profile, 'k').statistics;
      expect(k.quantilesExact).toBe(true);
      expect(k.quantiles!.p50).toBe(499.5);
      expect(k.distinct).toBe(1000);
    }
    // The threads' partial profiles merge to the same counts, ranges and distinct values.
    const [one, two] = profiles;
    expect(two.sha256).toBe(one.sha256);
    expect(two.rows).toBe(one.rows);
    one.columns.forEach((a, i) => {
      const b = two.columns[i];
      const { mean: meanA, std: stdA, quantiles: qa, ...restA } = { ...a.statistics, quantileRankError: 0 };
      const { mean: meanB, std: stdB, quantiles: qb, ...restB } = { ...b.statistics, quantileRankError: 0 };
      expect(restB).toEqual(restA);
      close(meanB, meanA!);
      close(stdB, stdA!);
      if (a.statistics.quantilesExact) {
        expect(qb).toEqual(qa);
      }
    });
  });

  test('a column still counted exactly past the kept values, then past 16,384 distinct: sketches from its counts', async () => {
    // 150,000 values of 1,000 distinct (exact counts, no sketches), then 150,000 of many.
    const r = xorshift32(11);
    const rows = 300_000;
    const xs = Array.from({ length: rows }, (_, i) =>
      i < rows / 2 ? Math.floor(r() * 1000) / 4 : Number((r() * 2000 - 500).toFixed(4))
    );
    const deferred = tmp.write('deferred.csv', 'x\n' + xs.join('\n') + '\n');
    const sorted = Float64Array.from(xs).sort();
    for (const threads of [1, 2]) {
      const profile = await profileFile(deferred, { threads });
      const s = column(profile, 'x').statistics;
      expect(s.distinctExact).toBe(false);
      expectSketchedQuantiles(s, sorted);
      const histogram = column(profile, 'x').histogram!;
      if (histogram.kind !== 'numeric') {
        throw new Error('expected numeric');
      }
      expect(histogram.counts).toEqual(countInBins(Array.from(sorted), histogram.edges));
    }
  });

  test('memory stays bounded on a 300 MB CSV, and progress comes at most ~10 times a second', () => {
    // Rows of an id and a rotation of 1,000 varied rows: about 300 MB.
    const big = tmp.path('big.csv');
    const r = xorshift32(11);
    const block = Array.from(
      { length: 1000 },
      (_, i) =>
        `${(r() * 1000).toFixed(3)},${Math.floor(r() * 1e6)},${(r() - 0.5).toExponential(6)},city ${i % 300},2024-01-${String((i % 28) + 1).padStart(2, '0')}`
    );
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'id,a,b,c,city,day\n');
    let bytes = 0;
    for (let start = 0; bytes < 300e6; start += 50_000) {
      const lines: string[] = [];
      for (let i = start; i < start + 50_000; i++) {
        lines.push(`${i},${block[i % 1000]}`);
      }
      bytes += fs.writeSync(fd, lines.join('\n') + '\n');
    }
    fs.closeSync(fd);
    // In a fresh process, to see its own peak memory (worker threads included).
    const script = `
      const { profileFile } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'profile'))});
      const before = process.memoryUsage().rss;
      const calls = [];
      const started = Date.now();
      profileFile(${JSON.stringify(big)}, { onProgress: (read, total) => calls.push([read, total, Date.now() - started]) })
        .then(p => console.log(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024, calls, ms: Date.now() - started, rows: p.rows })));
    `;
    const out = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8'
    });
    const result = JSON.parse(out);
    const size = fs.statSync(big).size;
    expect(result.rows).toBeGreaterThan(4_000_000);
    expect(result.peak - result.before).toBeLessThan(size / 3);
    const calls: [number, number, number][] = result.calls;
    expect(calls[calls.length - 1]).toEqual([size, size, expect.any(Number)]);
    expect(calls.length).toBeLessThanOrEqual(result.ms / 100 + 2);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
      if (i < calls.length - 1) {
        expect(calls[i][2] - calls[i - 1][2]).toBeGreaterThanOrEqual(90);
      }
    }
    fs.rmSync(big);
  });
});

describe('profileColumns', () => {
  test('columns in memory: the statistics of the same data as a file; sha256 of the canonical CSV', async () => {
    const columns = {
      n: Float64Array.from([1.5, 2, NaN, 4]),
      i: [1, 2, 3, null],
      s: ['a', 'b, c', 'say "x"', undefined],
      d: [
        new Date('2024-01-01T00:00:00Z'),
        null,
        new Date('2024-01-03T00:00:00Z'),
        new Date('2024-01-02T00:00:00Z')
      ],
      b: [true, false, true, true]
    };
    const profile = profileColumns(columns);
    const csv = [
      'n,i,s,d,b',
      '1.5,1,a,2024-01-01T00:00:00.000Z,true',
      '2,2,"b, c",,false',
      ',3,"say ""x""",2024-01-03T00:00:00.000Z,true',
      '4,,,2024-01-02T00:00:00.000Z,true',
      ''
    ].join('\n');
    expect(profile.sha256).toBe(createHash('sha256').update(csv).digest('hex'));
    expect(profile.bytes).toBe(Buffer.byteLength(csv));
    expect(profile.format).toBe('csv');
    const fromFile = await profileFile(tmp.write('same.csv', csv));
    // A Float64Array is a number column even where its values are whole.
    expect(profile.columns.map(c => c.type)).toEqual(['number', 'integer', 'string', 'datetime', 'boolean']);
    expect(fromFile.columns.map(c => c.type)).toEqual(['number', 'integer', 'string', 'datetime', 'boolean']);
    profile.columns.forEach((c, idx) => expect(c.statistics).toEqual(fromFile.columns[idx].statistics));
    expect(() => profileColumns({ a: [1, 2], b: [1] })).toThrow(/differ in length/);
  });
});

describe('parquet (DuckDB)', () => {
  test('flights-3m.parquet: rows from the footer, types from the schema', () => {
    // The built profiler in its own process, as the CLI runs it (DuckDB's native threads and all).
    const script = `require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'profile'))})
      .profileFile(${JSON.stringify(path.join(DATA, 'flights-3m.parquet'))})
      .then(p => console.log(JSON.stringify(p)))`;
    const out = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8'
    });
    const profile = JSON.parse(out) as DatasetProfile;
    expect(profile.format).toBe('parquet');
    expect(profile.rows).toBe(3_000_000);
    expect(profile.columns.map(c => [c.name, c.type])).toEqual([
      ['date', 'datetime'],
      ['delay', 'integer'],
      ['distance', 'integer'],
      ['origin', 'string'],
      ['destination', 'string']
    ]);
    for (const c of profile.columns) {
      expect(c.statistics.count + c.statistics.missing).toBe(3_000_000);
    }
    expect(profile.sha256).toBe(
      createHash('sha256')
        .update(fs.readFileSync(path.join(DATA, 'flights-3m.parquet')))
        .digest('hex')
    );
  });
});

describe('parquet and CSV profiles agree', () => {
  test('the same table as CSV and as Parquet (written by DuckDB) has the same statistics and histograms', async () => {
    // Integers, fractions, text, a categorical, booleans and datetimes, some missing; no ties among top counts.
    const rows = Array.from({ length: 3000 }, (_, i) => [
      i % 7 === 0 ? '' : String((i * 7919) % 1000),
      ((i * 31) % 997) / 8 + 0.125,
      `name-${(i * 13) % 1500}`,
      ['red', 'green', 'blue', 'cyan'][i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3],
      i % 3 === 0 ? 'true' : 'false',
      i % 11 === 0 ? '' : new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString()
    ]);
    const csv = tmp.write(
      'same.csv',
      ['n,x,name,colour,flag,at', ...rows.map(r => r.join(','))].join('\n') + '\n'
    );
    const parquet = path.join(path.dirname(csv), 'same.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(
      `COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {'n': 'BIGINT', 'x': 'DOUBLE', ` +
        `'name': 'VARCHAR', 'colour': 'VARCHAR', 'flag': 'BOOLEAN', 'at': 'TIMESTAMP'})) TO '${parquet}' (FORMAT parquet)`
    );
    connection.closeSync();
    const [fromCsv, fromParquet] = [await profileFile(csv), await profileFile(parquet)];
    expect(fromParquet.rows).toBe(fromCsv.rows);
    expect(fromParquet.columns.map(c => [c.name, c.type, c.nullable])).toEqual(
      fromCsv.columns.map(c => [c.name, c.type, c.nullable])
    );
    expect(fromParquet.columns.map(c => c.type)).toEqual([
      'integer',
      'number',
      'string',
      'categorical',
      'boolean',
      'datetime'
    ]);
    fromCsv.columns.forEach((expected, i) => {
      const actual = fromParquet.columns[i];
      const { mean, std, ...exact } = expected.statistics;
      expect({ ...actual.statistics, mean: undefined, std: undefined }).toEqual({
        ...exact,
        mean: undefined,
        std: undefined
      });
      if (mean !== undefined) {
        expect(actual.statistics.mean).toBeCloseTo(mean, 9);
        expect(actual.statistics.std).toBeCloseTo(std!, 9);
      }
      expect(actual.histogram).toEqual(expected.histogram);
    });
  }, 120_000);
});

test('a Parquet column of more than a million distinct values: exact statistics summarized in SQL', async () => {
  const parquet = tmp.path('range.parquet');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const n = 1_100_000;
  await connection.run(`COPY (SELECT range::DOUBLE AS x FROM range(${n})) TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  const [x] = (await profileFile(parquet)).columns;
  expect(x.type).toBe('number');
  expect(x.statistics).toMatchObject({
    count: n,
    missing: 0,
    distinct: n,
    min: 0,
    max: n - 1,
    quantilesExact: true
  });
  close(x.statistics.mean, (n - 1) / 2);
  close(x.statistics.std, Math.sqrt((n * (n + 1)) / 12));
  // numpy's linear quantile of 0..n-1 at p is p·(n−1).
  for (const [name, p] of LEVELS) {
    close(x.statistics.quantiles![name as keyof typeof x.statistics.quantiles], p * (n - 1));
  }
  expect(x.histogram).toMatchObject({ kind: 'numeric' });
  expect((x.histogram as { counts: number[] }).counts).toEqual(new Array(20).fill(n / 20));
}, 120_000);
