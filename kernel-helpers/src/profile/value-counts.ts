import {
  hashBytes,
  hashHalves,
  hashKey,
  hashNumbers,
  hashSlotNumber,
  keyOf,
  numberSlot,
  SALT_DATETIME
} from './hash';
import { HLL_RELATIVE_ERROR, HyperLogLog } from './hyperloglog';
import { BY_VALUE_TRIES, countByValue } from './count-by-value';
import type { Histogram } from './types';
import { hyperLogLogOf, KeyCounts, largestCounts, numbersOf, textOf, type ValueKind } from './key-counts';

/**
 * Distinct values counted exactly (each with its count) up to this many; HyperLogLog above.
 * (Exported below, not with `export const`: uses in this module then read the constant, not a
 * property of `exports`, which optimized code first meeting it deoptimizes on.)
 */
const EXACT_DISTINCT = 16384;
export { EXACT_DISTINCT };
/** Scratch for addNumbers: the two halves of each number's hash. */
let firstHalves = new Int32Array(1024);
let secondHalves = new Int32Array(1024);
/** Misra-Gries counters kept for the top values once the exact counts are dropped. */
const TOP_COUNTERS = 1024;

/**
 * Distinct count and most frequent values of one column, keyed by 53-bit hashes (a collision
 * among 16,384 values has probability below 2e-8). Exact while there are at most
 * EXACT_DISTINCT distinct values; then the distinct count is a HyperLogLog estimate and the top
 * values come from Misra-Gries counters: each count then falls short by at most `topCountError`.
 */
export class ValueCounts {
  private exact: KeyCounts | undefined = new KeyCounts(64, EXACT_DISTINCT + 1);
  private hll: HyperLogLog | undefined;
  /** The exact counts just dropped, until the column is done with them (`forgetDropped`). */
  private dropped: KeyCounts | undefined;
  private top: Map<number, { count: number; value: string }> | undefined;
  private topError = 0;
  /** Values not counted for the top values (see `trackTop`). */
  private untracked = 0;
  /** Runs in a row that `countByValue` could not count (flights' times, P3's prices: every run). */
  private missedRuns = 0;
  /** Once exact counts are dropped, whether to keep counting top values (not for numbers). */
  trackTop = true;

  /** A value given by its UTF-8 bytes (text cells of CSV files). */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    const key = hashBytes(buf, start, end);
    const exact = this.exact;
    if (exact) {
      const slot = newSlot(exact, key, hashHalves[0]);
      if (slot >= 0) {
        const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
        exact.insertText(slot, key, text, 1);
        this.inserted(exact);
      }
    } else if (this.pastExact()) {
      this.addTop(key, Buffer.from(buf.buffer, buf.byteOffset + start, end - start), 'string');
    }
  }

  /**
   * Texts i in [from, to) of Arrow's layout (see ColumnAccumulator's `addTexts`), by their UTF-8
   * bytes: each the exact counts hold is counted once more; the indices of the others (new texts,
   * or all once the exact counts are dropped) go to `rest`, for the caller. Returns how many.
   */
  countSeenTexts(
    bytes: Uint8Array,
    offsets: Int32Array,
    step: number,
    from: number,
    to: number,
    rest: Int32Array
  ): number {
    const exact = this.exact;
    let n = 0;
    for (let i = from; i < to; i++) {
      if (
        !exact ||
        newSlot(exact, hashBytes(bytes, offsets[i * step], offsets[(i + 1) * step]), hashHalves[0]) >= 0
      ) {
        rest[n++] = i;
      }
    }
    return n;
  }

  /** The number in numberSlot, hashed just before by hashSlotNumber (CSV cells: nothing boxed). */
  addSlotNumber(kind: 'number' | 'datetime' | 'boolean'): void {
    const key = hashKey[0];
    const exact = this.exact;
    if (exact) {
      const slot = newSlot(exact, key, hashHalves[0]);
      if (slot >= 0) {
        exact.insertNumber(slot, key, numberSlot[0], kind, 1);
        this.inserted(exact);
      }
    } else if (this.pastExact()) {
      this.addTop(key, kind === 'boolean' ? numberSlot[0] === 1 : numberSlot[0], kind);
    }
  }

  /**
   * Numbers in bulk (CSV number columns; epoch ms of datetime columns): what hashSlotNumber(salt)
   * and addSlotNumber(kind) do for each. Returns where the values no longer went to the exact
   * counts (`to` while they are kept).
   */
  addNumbers(xs: Float64Array, from: number, to: number, kind: 'number' | 'datetime' = 'number'): number {
    const salt = kind === 'datetime' ? SALT_DATETIME : 0;
    const count = to - from;
    if (this.exact && this.missedRuns < BY_VALUE_TRIES) {
      // Whole numbers of a narrow range: counted by value, each distinct one hashed once.
      const counted = countByValue(this.exact, EXACT_DISTINCT - this.exact.size, xs, from, to, kind);
      this.missedRuns =
        counted === 'missed' ? this.missedRuns + 1 : counted === 'counted' ? 0 : this.missedRuns;
      if (counted === 'counted') {
        return to;
      }
    }
    if (firstHalves.length < count) {
      firstHalves = new Int32Array(count);
      secondHalves = new Int32Array(count);
    }
    const first = firstHalves;
    const second = secondHalves;
    hashNumbers(xs, from, to, first, second, salt);
    let j = 0; // xs[from + j]'s hash is first[j], second[j]
    for (; j < count && this.exact; j++) {
      const exact = this.exact;
      const key = keyOf(first[j], second[j]);
      const slot = newSlot(exact, key, first[j]);
      if (slot >= 0) {
        exact.insertNumber(slot, key, xs[from + j], kind, 1);
        this.inserted(exact);
      }
    }
    const exactCount = j; // the values that went to the exact counts (all, if they are kept)
    if (j < count && this.trackTop) {
      for (; j < count; j++) {
        numberSlot[0] = xs[from + j];
        hashSlotNumber(salt);
        this.addSlotNumber(kind);
      }
    }
    if (j < count) {
      // Past the exact counts, only the distinct count of numbers is kept.
      this.hll!.addHalves(first, second, j, count);
      this.untracked += count - j;
    }
    return from + exactCount;
  }

  /** A value with its key from hash.ts (called just before); its text is made only when first seen. */
  addValue(key: number, value: number | string | boolean, kind: ValueKind): void {
    const exact = this.exact;
    if (exact) {
      const slot = newSlot(exact, key, hashHalves[0]);
      if (slot >= 0) {
        exact.insertText(slot, key, textOf(value, kind), 1);
        this.inserted(exact);
      }
    } else if (this.pastExact()) {
      this.addTop(key, value, kind);
    }
  }

  /** After a value first seen went into the exact counts: drops them once there are too many. */
  private inserted(exact: KeyCounts): void {
    if (exact.size > EXACT_DISTINCT) {
      this.dropExact();
    }
  }

  /**
   * A value past the exact counts (its hash in hashHalves) goes to the distinct count; whether it
   * is to be counted among the top values too.
   */
  private pastExact(): boolean {
    this.hll!.add(hashHalves[0], hashHalves[1] & ~0x7ff);
    if (this.trackTop) {
      return true;
    }
    this.untracked++;
    return false;
  }

  private addTop(key: number, value: Buffer | number | string | boolean, kind: ValueKind): void {
    const top = this.top!;
    const entry = top.get(key);
    if (entry) {
      entry.count++;
      return;
    }
    top.set(key, { count: 1, value: Buffer.isBuffer(value) ? value.toString('utf8') : textOf(value, kind) });
    this.reduceTop();
  }

  private reduceTop(): void {
    const top = this.top!;
    if (top.size >= 2 * TOP_COUNTERS) {
      // Misra-Gries, in a batch: take the (TOP_COUNTERS+1)-th largest count off every counter.
      const counts = Array.from(top.values(), e => e.count).sort((a, b) => b - a);
      const cut = counts[TOP_COUNTERS];
      for (const [k, e] of top) {
        e.count -= cut;
        if (e.count <= 0) {
          top.delete(k);
        }
      }
      this.topError += cut;
    }
  }

  private dropExact(): void {
    const exact = this.exact!;
    const slots = exact.slots();
    const hll = hyperLogLogOf(exact, slots);
    const { kept, cut } = largestCounts(exact, slots, TOP_COUNTERS);
    // A value left out had at most the smallest kept count: that is the error so far.
    this.topError = cut;
    this.top = new Map(kept.map(i => [exact.keys[i], { count: exact.counts[i], value: exact.text(i) }]));
    this.hll = hll;
    this.dropped = exact;
    this.exact = undefined;
  }

  get distinct(): number {
    return this.exact ? this.exact.size : Math.max(EXACT_DISTINCT, this.hll!.estimate());
  }

  get distinctExact(): boolean {
    return this.exact !== undefined;
  }

  get distinctError(): number | undefined {
    return this.exact ? undefined : HLL_RELATIVE_ERROR;
  }

  get topExact(): boolean {
    return this.exact !== undefined;
  }

  /** How much a top count may fall short of the truth (0 when exact). */
  get topCountError(): number {
    return this.exact ? 0 : this.topError + this.untracked;
  }

  /** Adds another's counts (of the same column, from another thread). */
  merge(other: ValueCounts): void {
    if (this.exact && other.exact) {
      // All of them, then the exact counts are dropped if too many (each count added once).
      for (const j of other.exact.slots()) {
        this.exact.add(other.exact, j);
      }
      if (this.exact.size > EXACT_DISTINCT) {
        this.dropExact();
      }
      return;
    }
    if (this.exact) {
      this.dropExact();
    }
    if (other.exact) {
      other.dropExact();
    }
    // Merged Misra-Gries summaries: counts add, and so do their errors.
    this.hll!.merge(other.hll!);
    for (const [key, entry] of other.top!) {
      const mine = this.top!.get(key);
      if (mine) {
        mine.count += entry.count;
      } else {
        this.top!.set(key, { ...entry });
      }
    }
    this.topError += other.topError;
    this.untracked += other.untracked;
    this.reduceTop();
  }

  /** From its fields, as they come through postMessage. */
  static revive(fields: ValueCounts): ValueCounts {
    const counts = Object.assign(new ValueCounts(), fields);
    counts.exact = fields.exact && Object.assign(new KeyCounts(1), fields.exact);
    counts.hll = fields.hll && HyperLogLog.revive(fields.hll);
    return counts;
  }

  /** The `limit` most frequent values, most frequent first; ties by value. */
  mostFrequent(limit: number): { value: string; count: number }[] {
    const entries = this.exact ? [...this.exact.entries()] : [...this.top!.values()];
    entries.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return entries.slice(0, limit).map(e => ({ value: e.value, count: e.count }));
  }

  /** The `bins` most frequent values, and how many of the column's `count` are `other`. */
  histogram(bins: number, count: number): Histogram {
    const shown = this.mostFrequent(bins);
    const counted = shown.reduce((sum, v) => sum + v.count, 0);
    return {
      kind: 'categorical',
      values: shown.map(v => v.value),
      counts: shown.map(v => v.count),
      other: count - counted
    };
  }

  /**
   * Every distinct number with its count, sorted, while exact; `parse` reads a value's text
   * back (String(number) and ISO dates read back exactly).
   */
  exactNumbers(parse: (text: string) => number): { values: Float64Array; counts: Float64Array } | undefined {
    return this.exact && numbersOf(this.exact, parse);
  }

  /** exactNumbers as they were when the exact counts were dropped. */
  droppedNumbers(
    parse: (text: string) => number
  ): { values: Float64Array; counts: Float64Array } | undefined {
    return this.dropped && numbersOf(this.dropped, parse);
  }

  /** Lets the dropped exact counts go. */
  forgetDropped(): void {
    this.dropped = undefined;
  }

  /** The text of every value, while exact (for min/max of a column that became text). */
  *exactTexts(): IterableIterator<string> {
    if (this.exact) {
      for (const entry of this.exact.entries()) {
        yield entry.value;
      }
    }
  }
}

/**
 * Counts a value the exact counts have seen (-1), or gives the free slot where a value first
 * seen goes (`firstHalf`: the first half of its hash, which picks where the search starts).
 */
function newSlot(exact: KeyCounts, key: number, firstHalf: number): number {
  const slot = exact.find(key, firstHalf);
  if (exact.counts[slot] > 0) {
    exact.counts[slot]++;
    return -1;
  }
  return slot;
}
