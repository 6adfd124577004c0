import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { formatOf, profileColumns, profileFile, ProfileError } from '../src/profile';
import type { ColumnProfile, DatasetProfile } from '../src/profile';
import {
  countInBins,
  frequencies,
  LEVELS,
  mean,
  MISSING_TEXT,
  quantile,
  rankDistance,
  sampleStd,
  splitColumns
} from './helpers/reference-stats';

// The package's exports hide data/: find it beside its entry point.
const DATA = path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-profile-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const column = (profile: DatasetProfile, name: string): ColumnProfile => {
  const found = profile.columns.find(c => c.name === name);
  if (!found) {
    throw new Error(`no column ${name} in ${profile.columns.map(c => c.name).join(', ')}`);
  }
  return found;
};

function close(actual: number | undefined, expected: number, relative = 1e-9): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

/** Exact statistics and histogram of a numeric column with at most 100,000 values. */
function expectNumeric(profiled: ColumnProfile, values: number[], missing: number): void {
  const s = profiled.statistics;
  const sorted = [...values].sort((a, b) => a - b);
  expect(s.count).toBe(values.length);
  expect(s.missing).toBe(missing);
  expect(profiled.nullable).toBe(missing > 0);
  expect(s.min).toBe(sorted[0]);
  expect(s.max).toBe(sorted[sorted.length - 1]);
  close(s.mean, mean(values));
  close(s.std, sampleStd(values));
  expect(s.distinct).toBe(new Set(values).size);
  expect(s.distinctExact).toBe(true);
  expect(s.quantilesExact).toBe(true);
  for (const [name, p] of LEVELS) {
    close((s.quantiles as any)[name], quantile(sorted, p));
  }
  const histogram = profiled.histogram!;
  if (histogram.kind !== 'numeric') {
    throw new Error('expected a numeric histogram');
  }
  expect(histogram.edges).toHaveLength(21);
  expect(histogram.edges[0]).toBe(sorted[0]);
  expect(histogram.edges[20]).toBe(sorted[sorted.length - 1]);
  expect(histogram.counts).toEqual(countInBins(values, histogram.edges));
}

/** Distinct, top values and least/greatest of a text column. */
function expectText(profiled: ColumnProfile, texts: string[], missing: number): void {
  const s = profiled.statistics;
  const counts = frequencies(texts);
  expect(s.count).toBe(texts.length);
  expect(s.missing).toBe(missing);
  expect(s.distinct).toBe(counts.length);
  expect(s.top).toEqual(counts.slice(0, 10));
  expect(s.min).toBe(texts.reduce((a, b) => (b < a ? b : a)));
  expect(s.max).toBe(texts.reduce((a, b) => (b > a ? b : a)));
  // The documented rule: categorical when distinct ≤ 100 and count ≥ 10 × distinct.
  const categorical = counts.length <= 100 && texts.length >= 10 * counts.length;
  expect(profiled.type).toBe(categorical ? 'categorical' : 'string');
  const histogram = profiled.histogram!;
  expect(histogram).toEqual({
    kind: 'categorical',
    values: counts.slice(0, 20).map(c => c.value),
    counts: counts.slice(0, 20).map(c => c.count),
    other: texts.length - counts.slice(0, 20).reduce((sum, c) => sum + c.count, 0)
  });
}

/** Checks every column of a quote-free delimited vega file against a plain split. */
async function expectDelimitedFile(file: string, delimiter: string): Promise<DatasetProfile> {
  const text = fs.readFileSync(file, 'utf8');
  const { names, columns } = splitColumns(text, delimiter);
  const profile = await profileFile(file);
  expect(profile.rows).toBe(columns[0].length);
  expect(profile.bytes).toBe(fs.statSync(file).size);
  expect(profile.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  expect(profile.columns.map(c => c.name)).toEqual(names);
  names.forEach((name, i) => {
    const cells = columns[i].filter(c => !MISSING_TEXT.has(c));
    const missing = columns[i].length - cells.length;
    const profiled = column(profile, name);
    if (cells.every(c => /^[-+]?\d+$/.test(c))) {
      expect(profiled.type).toBe('integer');
      expectNumeric(profiled, cells.map(Number), missing);
    } else if (cells.every(c => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c))) {
      expect(profiled.type).toBe('number');
      expectNumeric(profiled, cells.map(Number), missing);
    } else if (cells.every(c => /^\d{4}-\d\d-\d\d$/.test(c))) {
      expect(profiled.type).toBe('datetime');
      const sorted = [...cells].sort();
      expect(profiled.statistics.min).toBe(`${sorted[0]}T00:00:00.000Z`);
      expect(profiled.statistics.max).toBe(`${sorted[sorted.length - 1]}T00:00:00.000Z`);
      expect(profiled.statistics.distinct).toBe(new Set(cells).size);
      const times = cells.map(c => Date.parse(`${c}T00:00:00Z`)).sort((a, b) => a - b);
      expect(profiled.statistics.quantiles!.p50).toBe(quantile(times, 0.5));
      expect(profiled.statistics.mean).toBeUndefined();
    } else {
      expectText(profiled, cells, missing);
    }
  });
  return profile;
}

describe('profileFile on real datasets (vega-datasets), checked against plain computations', () => {
  test('seattle-weather.csv: a date, four number columns and a categorical, all exact', async () => {
    const profile = await expectDelimitedFile(path.join(DATA, 'seattle-weather.csv'), ',');
    expect(profile.format).toBe('csv');
    expect(profile.columns.map(c => c.type)).toEqual([
      'datetime',
      'number',
      'number',
      'number',
      'number',
      'categorical'
    ]);
    expect(profile.badRows).toBeUndefined();
  });

  test('birdstrikes.csv: CRLF lines, string and categorical columns, integer costs', async () => {
    const profile = await expectDelimitedFile(path.join(DATA, 'birdstrikes.csv'), ',');
    expect(column(profile, 'Speed IAS in knots').type).toBe('integer');
    expect(column(profile, 'Aircraft Make Model').type).toBe('string');
    expect(column(profile, 'Wildlife Size').type).toBe('categorical');
    // "None" is a category here, not a missing value.
    expect(column(profile, 'Effect Amount of damage').statistics.top!.map(t => t.value)).toContain('None');
  });

  test('unemployment.tsv: tab-separated, numbers written as .097', async () => {
    const profile = await expectDelimitedFile(path.join(DATA, 'unemployment.tsv'), '\t');
    expect(profile.format).toBe('tsv');
    expect(column(profile, 'rate').type).toBe('number');
  });

  test('penguins.json: an array of objects with nulls', async () => {
    const file = path.join(DATA, 'penguins.json');
    const rows = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];
    const profile = await profileFile(file);
    expect(profile.format).toBe('json');
    expect(profile.rows).toBe(rows.length);
    expect(profile.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    for (const name of Object.keys(rows[0])) {
      const present = rows.map(r => r[name]).filter(v => v !== null && v !== undefined);
      const missing = rows.length - present.length;
      const profiled = column(profile, name);
      if (typeof present[0] === 'number') {
        const numbers = present as number[];
        expect(profiled.type).toBe(numbers.every(Number.isInteger) ? 'integer' : 'number');
        expectNumeric(profiled, numbers, missing);
      } else {
        expectText(profiled, present as string[], missing);
      }
    }
    expect(column(profile, 'Beak Length (mm)').type).toBe('number');
    expect(column(profile, 'Body Mass (g)').type).toBe('integer');
    expect(column(profile, 'Species').type).toBe('categorical');
  });

  test('flights-200k.arrow: types from the schema; exact moments, quantiles within the stated rank error', async () => {
    const file = path.join(DATA, 'flights-200k.arrow');
    const table = tableFromIPC(fs.readFileSync(file));
    const profile = await profileFile(file);
    expect(profile.format).toBe('arrow');
    expect(profile.rows).toBe(table.numRows);
    for (const field of table.schema.fields) {
      const values = Array.from(table.getChild(field.name)!.toArray() as ArrayLike<number>, Number);
      const profiled = column(profile, field.name);
      const s = profiled.statistics;
      const sorted = Float64Array.from(values).sort();
      expect(profiled.type).toBe(String(field.type).startsWith('Float') ? 'number' : 'integer');
      expect(s.count).toBe(values.length);
      expect(s.min).toBe(sorted[0]);
      expect(s.max).toBe(sorted[sorted.length - 1]);
      close(s.mean, mean(values));
      close(s.std, sampleStd(values));
      // 200,000 values, past the 100,000 kept: exact still with at most 16,384 distinct values
      // (counted each), else from the sketches within the stated rank error.
      const distinct = new Set(values).size;
      expect(s.quantilesExact).toBe(distinct <= 16384);
      for (const [name, p] of LEVELS) {
        const q = (s.quantiles as any)[name];
        if (s.quantilesExact) {
          close(q, quantile(sorted, p));
        } else {
          expect(s.quantileRankError).toBeLessThan(0.01);
          expect(rankDistance(sorted, q, p) / values.length).toBeLessThanOrEqual(s.quantileRankError!);
        }
      }
      if (distinct <= 16384) {
        expect(s.distinct).toBe(distinct);
      } else {
        expect(Math.abs(s.distinct - distinct) / distinct).toBeLessThan(4 * s.distinctError!);
      }
      const histogram = profiled.histogram!;
      if (histogram.kind !== 'numeric') {
        throw new Error('expected numeric');
      }
      expect(histogram.counts).toEqual(countInBins(values, histogram.edges));
    }
  });
});

describe('type inference', () => {
  test('integer, number, boolean, datetime, categorical and string, with missing markers', async () => {
    const rows = ['int,float,mixed,flag,day,stamp,color,name,text_num,blank'];
    for (let i = 0; i < 200; i++) {
      rows.push(
        [
          i - 50,
          (i / 7).toFixed(3),
          i % 2 ? i : `${i}.5`,
          i % 3 ? 'true' : 'FALSE',
          `2024-02-${String((i % 29) + 1).padStart(2, '0')}`,
          `2024-03-01T12:00:${String(i % 60).padStart(2, '0')}+01:00`,
          ['red', 'green', 'blue'][i % 3],
          `name ${i}`,
          i === 199 ? 'n/a' : i === 198 ? 'twelve' : String(i),
          i % 10 ? '' : 'NA'
        ].join(',')
      );
    }
    const profile = await profileFile(write('types.csv', rows.join('\n')));
    const types = Object.fromEntries(profile.columns.map(c => [c.name, c.type]));
    expect(types).toEqual({
      int: 'integer',
      float: 'number',
      mixed: 'number',
      flag: 'boolean',
      day: 'datetime',
      stamp: 'datetime',
      color: 'categorical',
      name: 'string',
      text_num: 'string',
      blank: 'string'
    });
    const flag = column(profile, 'flag').statistics;
    expect(flag.top).toEqual([
      { value: 'true', count: 133 },
      { value: 'false', count: 67 }
    ]);
    close(flag.mean, 133 / 200);
    // 2024 is a leap year: 02-29 is a date; ISO offsets move the time to UTC.
    expect(column(profile, 'day').statistics.max).toBe('2024-02-29T00:00:00.000Z');
    expect(column(profile, 'stamp').statistics.min).toBe('2024-03-01T11:00:00.000Z');
    const textNum = column(profile, 'text_num');
    expect(textNum.statistics.missing).toBe(1);
    expect(textNum.statistics.max).toBe('twelve');
    expect(textNum.statistics.min).toBe('0');
    expect(column(profile, 'blank').statistics).toMatchObject({ count: 0, missing: 200 });
    expect(column(profile, 'blank').nullable).toBe(true);
    expect(column(profile, 'int').nullable).toBe(false);
  });

  test('a date that does not exist (2023-02-29) makes the column text', async () => {
    const profile = await profileFile(write('dates.csv', 'd\n2023-02-28\n2023-02-29\n'));
    expect(profile.columns[0].type).toBe('string');
  });

  test('quoted fields hold delimiters, quotes and line breaks', async () => {
    const text = 'a,b\n"x, y",1\n"say ""hi""",2\n"two\nlines",3\n';
    const profile = await profileFile(write('quoted.csv', text));
    expect(profile.rows).toBe(3);
    expect(
      column(profile, 'a')
        .statistics.top!.map(t => t.value)
        .sort()
    ).toEqual(['say "hi"', 'two\nlines', 'x, y'].sort());
    expect(column(profile, 'b').statistics.max).toBe(3);
  });

  test('jsonl: one object per line; keys missing from some rows are missing values', async () => {
    const lines = ['{"a": 1, "b": "x"}', '{"a": 2}', '', '{"a": 3.5, "b": "y", "c": true}'];
    const profile = await profileFile(write('rows.jsonl', lines.join('\n')));
    expect(profile.rows).toBe(3);
    expect(column(profile, 'a').type).toBe('number');
    expect(column(profile, 'b').statistics).toMatchObject({ count: 2, missing: 1 });
    expect(column(profile, 'c').statistics).toMatchObject({ count: 1, missing: 2 });
  });
});

describe('bad input: a ProfileError that says what to do', () => {
  test('ragged rows are left out, counted, and their lines (header = line 1) reported', async () => {
    const text = ['a,b,c', '1,2,3', '4,5', '"multi\nline",6,7', '8,9,10,11', '12,13,14', ''].join('\n');
    const profile = await profileFile(write('ragged.csv', text));
    expect(profile.rows).toBe(3);
    expect(profile.badRows).toEqual({ count: 2, lines: [3, 6] });
    expect(column(profile, 'c').statistics).toMatchObject({ count: 3, min: 3, max: 14 });
  });

  test('only the first 20 bad lines are kept; the count has them all', async () => {
    const rows = ['a,b'];
    for (let i = 0; i < 50; i++) {
      rows.push(i % 2 ? '1,2' : '1');
    }
    const profile = await profileFile(write('many-bad.csv', rows.join('\n')));
    expect(profile.badRows!.count).toBe(25);
    expect(profile.badRows!.lines).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 2 * i));
  });

  test('a file where no row fits the header is refused', async () => {
    await expect(profileFile(write('semicolons.csv', 'a,b\n1;2;3\n4;5;6\n'))).rejects.toThrow(
      /no row has the header's 2 fields \(bad rows on lines 2, 3\)/
    );
  });

  test('an empty file, a missing file, a folder, an unknown format', async () => {
    await expect(profileFile(write('empty.csv', ''))).rejects.toThrow(ProfileError);
    await expect(profileFile(path.join(dir, 'empty.csv'))).rejects.toThrow(/is empty \(0 bytes\)/);
    await expect(profileFile(path.join(dir, 'nope.csv'))).rejects.toThrow(/No such file: .*nope\.csv/);
    await expect(profileFile(dir, { format: 'csv' })).rejects.toThrow(/is a folder/);
    await expect(profileFile(write('data.xlsx', 'x'))).rejects.toThrow(/Unknown dataset format "\.xlsx"/);
    expect(() => formatOf('data')).toThrow(/no extension .* pass \{ format: 'csv' \}/);
    expect(formatOf('A.CSV')).toBe('csv');
    expect(formatOf('x.ndjson')).toBe('jsonl');
  });

  test('a header without rows profiles to zero rows; bad JSON says where', async () => {
    const profile = await profileFile(write('header.csv', 'a,b\n'));
    expect(profile.rows).toBe(0);
    expect(profile.columns.map(c => c.name)).toEqual(['a', 'b']);
    await expect(profileFile(write('object.json', '{"a": 1}'))).rejects.toThrow(/does not hold a JSON array/);
    await expect(profileFile(write('cut.json', '[{"a": 1},\n{"a": '))).rejects.toThrow(/cut off/);
    await expect(profileFile(write('open.csv', 'a\n"never closed\n'))).rejects.toThrow(/never closed/);
  });
});

/** Deterministic pseudo-random numbers in [0, 1) (xorshift32). */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

describe('large inputs', () => {
  const ROWS = 2_000_000;
  let file: string;
  let values: Float64Array;

  beforeAll(() => {
    // A hard column for the sketches: skewed, negative, repeated and far outlying values.
    const r = random(7);
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
    file = write('large.csv', lines.join('\n') + '\n');
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
      expect(s.quantilesExact).toBe(false);
      expect(s.quantileRankError).toBeLessThan(0.01);
      for (const [name, p] of LEVELS) {
        expect(rankDistance(values, (s.quantiles as any)[name], p) / ROWS).toBeLessThanOrEqual(
          s.quantileRankError!
        );
      }
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

  test('memory stays bounded on a 300 MB CSV, and progress comes at most ~10 times a second', () => {
    // Rows of an id and a rotation of 1,000 varied rows: about 300 MB.
    const big = path.join(dir, 'big.csv');
    const r = random(11);
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
    const fromFile = await profileFile(write('same.csv', csv));
    // A Float64Array is a number column even where its values are whole.
    expect(profile.columns.map(c => c.type)).toEqual(['number', 'integer', 'string', 'datetime', 'boolean']);
    expect(fromFile.columns.map(c => c.type)).toEqual(['number', 'integer', 'string', 'datetime', 'boolean']);
    profile.columns.forEach((c, idx) => expect(c.statistics).toEqual(fromFile.columns[idx].statistics));
    expect(() => profileColumns({ a: [1, 2], b: [1] })).toThrow(/differ in length/);
  });
});

describe('parquet (hyparquet)', () => {
  test('flights-3m.parquet: rows from the footer, types from the schema', () => {
    // hyparquet is an ES module: this runs the built profiler in its own process.
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
