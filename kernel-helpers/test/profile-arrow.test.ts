import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  Dictionary,
  Float64,
  Int32,
  Int64,
  LargeUtf8,
  Table,
  tableToIPC,
  TimestampMicrosecond,
  Utf8,
  vectorFromArray
} from 'apache-arrow';
import { profileFile, ProfileError } from '../src/profile';
import { column, expectNumeric, temporaryFolder } from './helpers/profile-files';

/** The profiler on Arrow files: columns read in bulk, each figure as another reading gives it. */

const tmp = temporaryFolder();

describe('Arrow columns read in bulk', () => {
  test('nulls and NaN are missing, whole floats stay numbers, 64-bit integers past 2^53 are kept whole', async () => {
    const n = 3000;
    const ints = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : (i * 37) % 1001));
    const floats = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? NaN : i % 11 === 0 ? null : i / 2));
    const huge = Array.from({ length: n }, (_, i) => (i === 1 ? 2n ** 60n : BigInt(i)));
    const table = new Table({
      ints: vectorFromArray(ints, new Int32()),
      floats: vectorFromArray(floats, new Float64()),
      whole: vectorFromArray(
        Array.from({ length: n }, (_, i) => i),
        new Float64()
      ),
      huge: vectorFromArray(huge, new Int64())
    });
    const file = tmp.path('bulk.arrow');
    fs.writeFileSync(file, tableToIPC(table, 'file'));
    const profile = await profileFile(file);
    const present = <T>(xs: (T | null)[]) =>
      xs.filter((x): x is T => x !== null && !(typeof x === 'number' && isNaN(x)));
    const intValues = present(ints);
    expectNumeric(column(profile, 'ints'), intValues, n - intValues.length);
    expect(column(profile, 'ints').type).toBe('integer');
    const floatValues = present(floats);
    expectNumeric(column(profile, 'floats'), floatValues, n - floatValues.length);
    expect(column(profile, 'floats').type).toBe('number');
    // Whole values in a float column: numbers, as the schema says, not integers.
    expect(column(profile, 'whole').type).toBe('number');
    expect(column(profile, 'whole').statistics).toMatchObject({ count: n, missing: 0, min: 0, max: n - 1 });
    // Past 2^53 the batch goes a value at a time: the largest is read as it is, no value lost.
    expect(column(profile, 'huge').statistics).toMatchObject({ count: n, missing: 0, min: 0, max: 2 ** 60 });
  });
  // 2,000 distinct times are counted exactly; 30,000 pass the exact counts (16,384) mid-batch.
  test.each([
    [3000, 2000],
    [40000, 30000]
  ])(
    'timestamps and text (nulls, non-ASCII, text and dates, a text a row) profile as the same values written as JSON Lines (%i rows, %i distinct times)',
    async (n, distinctTimes) => {
      const start = Date.UTC(2001, 0, 1);
      const when = Array.from({ length: n }, (_, i) =>
        i % 9 === 0 ? null : start + ((i * 7919) % distinctTimes) * 60_000
      );
      const WORDS = ['LAS', 'café', 'Zürich', 'ORD', '東京'];
      const text = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : WORDS[i % WORDS.length]));
      const codes = Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : `C${i % 150}`));
      // Text and ISO dates in one column (text, as JSON reads it), and a text for each row.
      const mixed = Array.from({ length: n }, (_, i) =>
        i % 3 === 0 ? `2020-01-${String(1 + (i % 28)).padStart(2, '0')}` : `w${i % 40}`
      );
      const ids = Array.from({ length: n }, (_, i) => `id-${i}`);
      const arrow = tmp.path('dated.arrow');
      fs.writeFileSync(
        arrow,
        tableToIPC(
          new Table({
            when: vectorFromArray(when, new TimestampMicrosecond()),
            text: vectorFromArray(text, new Utf8()),
            codes: vectorFromArray(codes, new LargeUtf8()),
            mixed: vectorFromArray(mixed, new Utf8()),
            ids: vectorFromArray(ids, new Utf8())
          }),
          'file'
        )
      );
      const jsonl = tmp.write(
        'dated.jsonl',
        when
          .map((w, i) =>
            JSON.stringify({
              when: w === null ? null : new Date(w).toISOString(),
              text: text[i],
              codes: codes[i],
              mixed: mixed[i],
              ids: ids[i]
            })
          )
          .join('\n')
      );
      const [fromArrow, fromJson] = [await profileFile(arrow), await profileFile(jsonl)];
      expect(column(fromArrow, 'when').type).toBe('datetime');
      expect(column(fromArrow, 'when').statistics.missing).toBe(when.filter(w => w === null).length);
      expect(
        column(fromArrow, 'text')
          .statistics.top?.map(t => t.value)
          .sort()
      ).toEqual([...WORDS].sort());
      for (const name of ['when', 'text', 'codes', 'mixed', 'ids']) {
        const [a, j] = [column(fromArrow, name), column(fromJson, name)];
        expect({ type: a.type, statistics: a.statistics, histogram: a.histogram }).toEqual({
          type: j.type,
          statistics: j.statistics,
          histogram: j.histogram
        });
      }
    }
  );
  test('an Arrow file or stream cut short, or not Arrow at all, is refused naming the file', async () => {
    const table = new Table({ x: vectorFromArray([1, 2, 3], new Float64()) });
    const whole = tableToIPC(table, 'file');
    const file = tmp.path('cut.arrow');
    fs.writeFileSync(file, whole.subarray(0, whole.length - 20));
    for (const threads of [1, 2]) {
      const failure = profileFile(file, { threads });
      await expect(failure).rejects.toThrow(ProfileError);
      await expect(failure).rejects.toThrow(
        `${file} is not an Arrow IPC file or stream: it is cut short or corrupt`
      );
    }
    // A stream cut inside its record batch (before its end marker).
    const stream = tableToIPC(table, 'stream');
    const cutStream = tmp.path('cut-stream.arrow');
    fs.writeFileSync(cutStream, stream.subarray(0, stream.length - 16));
    await expect(profileFile(cutStream)).rejects.toThrow(
      `${cutStream} is not an Arrow IPC file or stream: it is cut short (a message runs past its end)`
    );
    const notArrow = tmp.write('words.arrow', 'these are words, not Arrow\n');
    await expect(profileFile(notArrow)).rejects.toThrow(`${notArrow} is not an Arrow IPC file or stream`);
  });
  test('dictionaries of text, over several batches, in the file and the stream format, profile as their values', async () => {
    const CITIES = ['Zürich', 'Oslo', 'Lima', 'Pune', 'Kyiv', 'Quito'];
    // Batches of other cities: a batch read with another's dictionary would count the wrong ones.
    const cityOf = (i: number) => CITIES[i < 700 ? i % 4 : i < 1200 ? 2 + (i % 4) : (i * 7) % 6];
    const part = (from: number, n: number) =>
      new Table({
        city: vectorFromArray(
          Array.from({ length: n }, (_, i) => ((from + i) % 11 === 0 ? null : cityOf(from + i))),
          new Dictionary(new Utf8(), new Int32())
        ),
        n: vectorFromArray(
          Array.from({ length: n }, (_, i) => from + i),
          new Int32()
        )
      });
    // The stream replaces its dictionary with each batch; a file may not: its batches share one.
    const whole = part(0, 1500);
    const tables = {
      stream: part(0, 700).concat(part(700, 500), part(1200, 300)),
      file: new Table([0, 700, 1200].flatMap((from, k) => whole.slice(from, [700, 1200, 1500][k]).batches))
    };
    expect(tables.stream.batches).toHaveLength(3);
    expect(tables.file.batches).toHaveLength(3);
    const rows = Array.from({ length: 1500 }, (_, i) => ({ city: whole.get(i)!.city, n: i }));
    const jsonl = tmp.write('cities.jsonl', rows.map(r => JSON.stringify(r)).join('\n'));
    const expected = await profileFile(jsonl);
    for (const format of ['file', 'stream'] as const) {
      const file = tmp.path(`cities-${format}.arrow`);
      fs.writeFileSync(file, tableToIPC(tables[format], format));
      const profile = await profileFile(file);
      expect(profile.rows).toBe(1500);
      expect(profile.columns.map(c => ({ name: c.name, type: c.type, statistics: c.statistics }))).toEqual(
        expected.columns.map(c => ({ name: c.name, type: c.type, statistics: c.statistics }))
      );
    }
    expect(column(expected, 'city').statistics.missing).toBe(rows.filter(r => r.city === null).length);
  });
  test('a file of 32 MB or more is hashed on a thread of its own: the sha256 of its bytes, progress to its size', async () => {
    const n = 4_500_000; // 36 MB of doubles
    const file = tmp.path('large.arrow');
    fs.writeFileSync(
      file,
      tableToIPC(
        new Table({ x: vectorFromArray(Float64Array.from({ length: n }, (_, i) => i % 1000)) }),
        'file'
      )
    );
    const bytes = fs.statSync(file).size;
    expect(bytes).toBeGreaterThan(32 << 20);
    const seen: number[] = [];
    const profile = await profileFile(file, { onProgress: read => seen.push(read) });
    expect(profile.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(seen.at(-1)).toBe(bytes);
    expect(column(profile, 'x').statistics).toMatchObject({ count: n, min: 0, max: 999 });
  });
});
