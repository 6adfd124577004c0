import { Cell, cellValue, classifyBytes } from './cells';
import { parseIsoBytes, parseIsoString } from './datetime';
import { hashNumber, hashSlotNumber, hashString, SALT_BOOLEAN, SALT_DATETIME } from './hash';
import {
  BOOLEAN,
  DATETIME,
  INTEGER,
  isSingleFamily,
  KIND_BITS,
  NUMBER,
  NUMERIC,
  STRING,
  typeOfKinds
} from './kinds';
import { NumericStats } from './numeric';
import { TextRange } from './text-range';
import type { ColumnProfile, ColumnStatistics, ColumnType, Histogram } from './types';
import { ValueCounts } from './value-counts';

const TOP = 10;
/** `addTexts`' chunk, and the indices of the texts new in one (scratch). */
const TEXT_CHUNK = 1024;
const newTexts = new Int32Array(TEXT_CHUNK);

/**
 * One column's statistics, built one value at a time. The type is the narrowest that every
 * non-missing value fits: integer ⊂ number; boolean; datetime; anything else (or a mix of those
 * families) is string. Numbers, booleans (0/1) and datetimes (epoch ms) go to one NumericStats
 * while the column holds only one family; the value counts see every value.
 */
export class ColumnAccumulator {
  count = 0;
  missing = 0;
  /** The last row (of a JSON source) that had this column. */
  seenAt = -1;
  private kinds = 0;
  private numeric: NumericStats;
  private values = new ValueCounts();
  /** Least and greatest text, kept once the column holds text (see `becameText`). */
  private textRange = new TextRange();

  constructor(
    readonly name: string,
    exactLimit: number
  ) {
    this.numeric = new NumericStats(exactLimit);
    this.values.trackTop = false;
  }

  /** A cell of a CSV or TSV file, by its bytes. */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    this.addCell(classifyBytes(buf, start, end), buf, start, end);
  }

  /**
   * A cell already classified, its number (if any) in cellValue[0] (the CSV reader reads plain
   * numbers as it scans; a slot, not an argument, so that nothing is boxed).
   */
  addCell(cell: Cell, buf: Uint8Array, start: number, end: number): void {
    if (cell === Cell.Missing) {
      this.missing++;
      return;
    }
    this.count++;
    const bit = KIND_BITS[cell];
    if ((this.kinds & bit) === 0) {
      this.addKind(bit);
    }
    // Before the counts, which may drop their exact table with this value in it (see afterCounting).
    if (this.kinds & STRING) {
      this.textRange.addBytes(buf, start, end);
    } else if (isSingleFamily(this.kinds)) {
      this.numeric.add(cellValue[0]);
    }
    // Numbers, booleans and dates are counted by value (1.50 and 1.5 are one), text by its bytes.
    if (cell === Cell.String) {
      this.values.addBytes(buf, start, end);
    } else if (cell === Cell.Boolean) {
      hashSlotNumber(SALT_BOOLEAN);
      this.values.addSlotNumber('boolean');
    } else if (cell === Cell.Datetime) {
      hashSlotNumber(SALT_DATETIME);
      this.values.addSlotNumber('datetime');
    } else {
      hashSlotNumber(0);
      this.values.addSlotNumber('number');
    }
    this.afterCounting();
  }

  /** A number the CSV tokenizer read (cell: Cell.Integer or Cell.Number). */
  addNumber(cell: Cell, value: number, buf: Uint8Array, start: number, end: number): void {
    cellValue[0] = value;
    this.addCell(cell, buf, start, end);
  }

  /** Whether a number with a point or an exponent was seen. */
  get holdsFractions(): boolean {
    return (this.kinds & NUMBER) !== 0;
  }

  /** Whether every value so far is a number (or there is none): `addNumbers` may be used. */
  get holdsOnlyNumbers(): boolean {
    return (this.kinds & ~NUMERIC) === 0;
  }

  /**
   * xs[from, to): numbers read by the CSV tokenizer or a typed column, while the column holds only
   * numbers: what `addNumber` does for each, in bulk. `cells`: the Cells among them, as bits
   * (1 << Cell.Integer, 1 << Cell.Number); or 1 << Cell.Datetime alone for epoch ms of a
   * datetime-only column (Arrow dates and timestamps), what `addValue` does for each Date.
   */
  addNumbers(xs: Float64Array, from: number, to: number, cells: number): void {
    const datetimes = cells === 1 << Cell.Datetime;
    const bits = datetimes
      ? DATETIME
      : (cells & (1 << Cell.Integer) ? INTEGER : 0) | (cells & (1 << Cell.Number) ? NUMBER : 0);
    if ((this.kinds & bits) !== bits) {
      this.addKind(bits);
    }
    this.count += to - from;
    const exactUntil = this.values.addNumbers(xs, from, to, datetimes ? 'datetime' : 'number');
    if (exactUntil < to && this.numeric.countedExactly) {
      // The exact counts were dropped with xs[exactUntil − 1]: the values up to there are in them.
      this.numeric.addAll(xs, from, exactUntil);
      this.afterCounting();
      this.numeric.addAll(xs, exactUntil, to);
    } else {
      this.numeric.addAll(xs, from, to);
    }
  }

  /**
   * Once the exact counts are dropped (more than 16,384 distinct values), the numeric sketches
   * the column deferred while it had them are made from the last of them.
   */
  private afterCounting(): void {
    if (this.numeric.countedExactly && !this.values.distinctExact) {
      this.stopCountingExactly(() => this.values.droppedNumbers(this.parser()));
    }
  }

  /** The numeric sketches no longer wait: made now if deferred, from `distinct`. */
  private stopCountingExactly(
    distinct: () => { values: Float64Array; counts: Float64Array } | undefined
  ): void {
    this.numeric.countedExactly = false;
    if (this.numeric.deferred && !(this.kinds & STRING) && isSingleFamily(this.kinds)) {
      this.numeric.undefer(distinct()!);
    }
    this.values.forgetDropped();
  }

  /** How the exact counts' texts read back as the numbers of this column's family. */
  private parser(): (text: string) => number {
    return this.kinds === DATETIME
      ? Date.parse
      : this.kinds === BOOLEAN
        ? (t: string) => (t === 'true' ? 1 : 0)
        : Number;
  }

  /**
   * A value of a text-typed column (Arrow) by its UTF-8 bytes: what `addValue` does with the
   * string (an ISO 8601 datetime is a datetime; anything else is text, never a number), without
   * decoding it unless it is a new value.
   */
  addTextBytes(buf: Uint8Array, start: number, end: number): void {
    const length = end - start;
    // parseIsoString's bounds: no ISO datetime is shorter than 10 or longer than 64 bytes.
    const x = length >= 10 && length <= 64 ? parseIsoBytes(buf, start, end) : NaN;
    if (x === x) {
      cellValue[0] = x;
      this.addCell(Cell.Datetime, buf, start, end);
    } else {
      this.addCell(Cell.String, buf, start, end);
    }
  }

  /**
   * Texts i in [from, to) of Arrow's layout (text i: the UTF-8 bytes from offsets[i × step] to
   * offsets[(i + 1) × step]; step 2 reads the low halves of large text's 64-bit offsets):
   * `addTextBytes` for each, those the counts already hold counted again in one tight loop (a
   * chunk at a time, so that texts new in a chunk are counted so in the next).
   */
  addTexts(bytes: Uint8Array, offsets: Int32Array, step: number, from: number, to: number): void {
    for (let at = from; at < to; at += TEXT_CHUNK) {
      const end = Math.min(to, at + TEXT_CHUNK);
      if (!(this.kinds & STRING)) {
        for (let i = at; i < end; i++) {
          this.addTextBytes(bytes, offsets[i * step], offsets[(i + 1) * step]);
        }
        continue;
      }
      // A text the counts already hold was classified and put in the text range when first seen
      // (a column of text holds every counted text in its range): it is only counted again.
      const rest = this.values.countSeenTexts(bytes, offsets, step, at, end, newTexts);
      this.count += end - at - rest;
      for (let k = 0; k < rest; k++) {
        const i = newTexts[k];
        this.addTextBytes(bytes, offsets[i * step], offsets[(i + 1) * step]);
      }
    }
  }

  /** A CSV cell whose text had to be unescaped ("" in quotes). */
  addText(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.addBytes(bytes, 0, bytes.length);
  }

  /**
   * A typed value (JSON, Arrow, Parquet, columns in memory). null, undefined and NaN are
   * missing; strings that are ISO dates are datetimes; Date objects and bigints are read as
   * such; objects and arrays become their JSON text. `float` marks a number column whose
   * whole values are still floating point (Arrow and Parquet say so in the schema).
   */
  addValue(value: unknown, float = false): void {
    if (value === null || value === undefined || (typeof value === 'number' && value !== value)) {
      this.missing++;
      return;
    }
    this.count++;
    let bit: number;
    let key: number;
    let x = 0;
    let text: string | number | boolean;
    let kind: 'number' | 'string' | 'boolean' | 'datetime';
    if (typeof value === 'number' || typeof value === 'bigint') {
      x = Number(value);
      bit = !float && Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER ? INTEGER : NUMBER;
      key = hashNumber(x);
      text = typeof value === 'bigint' ? value.toString() : x;
      kind = 'number';
    } else if (typeof value === 'boolean') {
      x = value ? 1 : 0;
      bit = BOOLEAN;
      key = hashNumber(x, SALT_BOOLEAN);
      text = value;
      kind = 'boolean';
    } else if (value instanceof Date) {
      x = value.getTime();
      bit = x === x ? DATETIME : STRING;
      key = hashNumber(x, SALT_DATETIME);
      text = x;
      kind = x === x ? 'datetime' : 'string';
    } else {
      text = typeof value === 'string' ? value : JSON.stringify(value);
      x = parseIsoString(text);
      bit = x === x ? DATETIME : STRING;
      key = bit === DATETIME ? hashNumber(x, SALT_DATETIME) : hashString(text);
      kind = bit === DATETIME ? 'datetime' : 'string';
    }
    if ((this.kinds & bit) === 0) {
      this.addKind(bit);
    }
    // Before the counts, which may drop their exact table with this value in it (see afterCounting).
    if (this.kinds & STRING) {
      this.textRange.add(
        kind === 'datetime' && typeof text === 'number' ? new Date(text).toISOString() : String(text)
      );
    } else if (isSingleFamily(this.kinds)) {
      this.numeric.add(x);
    }
    this.values.addValue(key, text, kind);
    this.afterCounting();
  }

  private addKind(bit: number): void {
    const wasText = (this.kinds & STRING) !== 0 || !isSingleFamily(this.kinds);
    this.kinds |= bit;
    if (!isSingleFamily(this.kinds)) {
      this.kinds |= STRING;
    }
    // Top values matter for text and booleans; for numbers and dates they are not kept once the
    // exact counts are dropped.
    this.values.trackTop = (this.kinds & (STRING | BOOLEAN)) !== 0;
    if (!wasText && this.kinds & STRING) {
      this.becameText();
    }
  }

  /** The column holds text from now on: its least and greatest text start from what was seen. */
  private becameText(): void {
    for (const text of this.values.exactTexts()) {
      this.textRange.add(text);
    }
  }

  /** Adds the same column's values from another part of the file (another thread). */
  merge(other: ColumnAccumulator): void {
    // The merged counts may not stay exact: each part's deferred sketches are made from its own.
    for (const part of [this, other]) {
      part.stopCountingExactly(() =>
        part.numeric.deferred ? part.values.exactNumbers(part.parser()) : undefined
      );
    }
    this.count += other.count;
    this.missing += other.missing;
    for (const bit of [INTEGER, NUMBER, BOOLEAN, DATETIME, STRING]) {
      if (other.kinds & bit && !(this.kinds & bit)) {
        this.addKind(bit);
      }
    }
    const text = (this.kinds & STRING) !== 0;
    if (text) {
      // As if the other part had come after this one: it too became text.
      if (!(other.kinds & STRING)) {
        other.becameText();
      }
      for (const value of [other.textRange.min, other.textRange.max]) {
        if (value !== undefined) {
          this.textRange.add(value);
        }
      }
    } else {
      this.numeric.merge(other.numeric);
    }
    this.values.merge(other.values);
    this.values.forgetDropped();
    this.values.trackTop = (this.kinds & (STRING | BOOLEAN)) !== 0;
  }

  /** From its fields, as they come through postMessage. */
  static revive(fields: ColumnAccumulator): ColumnAccumulator {
    const column = Object.assign(Object.create(ColumnAccumulator.prototype) as ColumnAccumulator, fields);
    column.numeric = NumericStats.revive(fields.numeric);
    column.values = ValueCounts.revive(fields.values);
    column.textRange = TextRange.revive(fields.textRange);
    return column;
  }

  get type(): ColumnType {
    return typeOfKinds(this.kinds, this.count, this.values.distinctExact ? this.values.distinct : undefined);
  }

  profile(bins: number): ColumnProfile {
    const type = this.type;
    const values = this.values;
    const statistics: ColumnStatistics = {
      count: this.count,
      missing: this.missing,
      distinct: values.distinct,
      distinctExact: values.distinctExact
    };
    if (!values.distinctExact) {
      statistics.distinctError = values.distinctError;
    }
    let histogram: Histogram | undefined;
    if (type === 'integer' || type === 'number' || type === 'datetime' || type === 'boolean') {
      const distinct = this.numeric.exact ? undefined : values.exactNumbers(this.parser());
      const summary = this.numeric.summary(bins, distinct);
      if (summary) {
        const iso = (t: number) => new Date(t).toISOString();
        statistics.min = type === 'datetime' ? iso(summary.min) : summary.min;
        statistics.max = type === 'datetime' ? iso(summary.max) : summary.max;
        if (type !== 'datetime') {
          statistics.mean = summary.mean;
          if (summary.std !== undefined) {
            statistics.std = summary.std;
          }
        }
        if (type !== 'boolean') {
          statistics.quantiles = summary.quantiles;
          statistics.quantilesExact = summary.quantilesExact;
          if (!summary.quantilesExact) {
            statistics.quantileRankError = summary.quantileRankError;
          }
          histogram = { kind: 'numeric', edges: summary.edges, counts: summary.counts };
        }
      }
    } else if (this.count > 0) {
      statistics.min = this.textRange.min;
      statistics.max = this.textRange.max;
    }
    if (type === 'string' || type === 'categorical' || type === 'boolean') {
      statistics.top = values.mostFrequent(TOP);
      statistics.topExact = values.topExact;
      if (!values.topExact) {
        statistics.topCountError = values.topCountError;
      }
      if (this.count > 0) {
        histogram = values.histogram(bins, this.count);
      }
    }
    return {
      name: this.name,
      type,
      nullable: this.missing > 0,
      statistics,
      ...(histogram ? { histogram } : {})
    };
  }
}
