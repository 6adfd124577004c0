import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { formatOf, profileFile, ProfileError } from '../src/profile';
import type { ColumnProfile, DatasetProfile } from '../src/profile';
import { close, column, DATA, expectNumeric, temporaryFolder } from './helpers/profile-files';
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

/** The profiler on real and small files: every figure against a plain computation. */

const tmp = temporaryFolder();

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
    const profile = await profileFile(tmp.write('types.csv', rows.join('\n')));
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
    const profile = await profileFile(tmp.write('dates.csv', 'd\n2023-02-28\n2023-02-29\n'));
    expect(profile.columns[0].type).toBe('string');
  });

  test('quoted fields hold delimiters, quotes and line breaks', async () => {
    const text = 'a,b\n"x, y",1\n"say ""hi""",2\n"two\nlines",3\n';
    const profile = await profileFile(tmp.write('quoted.csv', text));
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
    const profile = await profileFile(tmp.write('rows.jsonl', lines.join('\n')));
    expect(profile.rows).toBe(3);
    expect(column(profile, 'a').type).toBe('number');
    expect(column(profile, 'b').statistics).toMatchObject({ count: 2, missing: 1 });
    expect(column(profile, 'c').statistics).toMatchObject({ count: 1, missing: 2 });
  });
});

describe('bad input: a ProfileError that says what to do', () => {
  test('ragged rows are left out, counted, and their lines (header = line 1) reported', async () => {
    const text = ['a,b,c', '1,2,3', '4,5', '"multi\nline",6,7', '8,9,10,11', '12,13,14', ''].join('\n');
    const profile = await profileFile(tmp.write('ragged.csv', text));
    expect(profile.rows).toBe(3);
    expect(profile.badRows).toEqual({ count: 2, lines: [3, 6] });
    expect(column(profile, 'c').statistics).toMatchObject({ count: 3, min: 3, max: 14 });
  });

  test('only the first 20 bad lines are kept; the count has them all', async () => {
    const rows = ['a,b'];
    for (let i = 0; i < 50; i++) {
      rows.push(i % 2 ? '1,2' : '1');
    }
    const profile = await profileFile(tmp.write('many-bad.csv', rows.join('\n')));
    expect(profile.badRows!.count).toBe(25);
    expect(profile.badRows!.lines).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 2 * i));
  });

  test('a file where no row fits the header is refused', async () => {
    await expect(profileFile(tmp.write('semicolons.csv', 'a,b\n1;2;3\n4;5;6\n'))).rejects.toThrow(
      /no row has the header's 2 fields \(bad rows on lines 2, 3\)/
    );
  });

  test('an empty file, a missing file, a folder, an unknown format', async () => {
    await expect(profileFile(tmp.write('empty.csv', ''))).rejects.toThrow(ProfileError);
    await expect(profileFile(tmp.path('empty.csv'))).rejects.toThrow(/is empty \(0 bytes\)/);
    await expect(profileFile(tmp.path('nope.csv'))).rejects.toThrow(/No such file: .*nope\.csv/);
    await expect(profileFile(tmp.path(''), { format: 'csv' })).rejects.toThrow(/is a folder/);
    await expect(profileFile(tmp.write('data.xlsx', 'x'))).rejects.toThrow(/Unknown dataset format "\.xlsx"/);
    expect(() => formatOf('data')).toThrow(/no extension .* pass \{ format: 'csv' \}/);
    expect(formatOf('A.CSV')).toBe('csv');
    expect(formatOf('x.ndjson')).toBe('jsonl');
  });

  test('a header without rows profiles to zero rows; bad JSON says where', async () => {
    const profile = await profileFile(tmp.write('header.csv', 'a,b\n'));
    expect(profile.rows).toBe(0);
    expect(profile.columns.map(c => c.name)).toEqual(['a', 'b']);
    await expect(profileFile(tmp.write('object.json', '{"a": 1}'))).rejects.toThrow(
      /does not hold a JSON array/
    );
    await expect(profileFile(tmp.write('cut.json', '[{"a": 1},\n{"a": '))).rejects.toThrow(/cut off/);
    await expect(profileFile(tmp.write('open.csv', 'a\n"never closed\n'))).rejects.toThrow(/never closed/);
  });
});
