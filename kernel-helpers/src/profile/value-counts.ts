import { hashBytes, hashHalves, hashKey, hashSlotNumber, numberSlot } from './hash';
import { HLL_RELATIVE_ERROR, HyperLogLog } from './hyperloglog';

/** Distinct values counted exactly (each with its count) up to this many; HyperLogLog above. */
export const EXACT_DISTINCT = 16384;
/** Misra-Gries counters kept for the top values once the exact counts are dropped. */
const TOP_COUNTERS = 1024;

export type ValueKind = 'number' | 'string' | 'boolean' | 'datetime';

/** How a typed value reads in the top values. */
function textOf(value: number | string | boolean, kind: ValueKind): string {
  return kind === 'datetime' ? new Date(value as number).toISOString() : String(value);
}

/** The hash table slot of a key: its first 32 bits (hashHalves[0] when it was made). */
const slotOf = (key: number) => Math.floor(key / 2097152) | 0;

/**
 * Counts by 53-bit hash key in open addressing over typed arrays (a Map would box each key).
 * Each key keeps the text of the value it was first seen with.
 */
class KeyCounts {
  size = 0;
  keys: Float64Array;
  counts: Float64Array;
  texts: (string | undefined)[];
  private mask: number;

  /** `capacity`: a power of two. */
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity).fill(-1);
    this.counts = new Float64Array(capacity);
    this.texts = new Array(capacity);
    this.mask = capacity - 1;
  }

  /** The slot of `key` (probing from `slot`), or where it would go (its count is then 0). */
  find(key: number, slot: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = slot & mask;
    for (;;) {
      const k = keys[i];
      if (k === key || k === -1) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Fills slot i (from `find`); the table doubles when half full, so `find` always ends. */
  insert(i: number, key: number, text: string, count: number): void {
    this.keys[i] = key;
    this.counts[i] = count;
    this.texts[i] = text;
    this.size++;
    if (2 * this.size > this.keys.length) {
      const { keys, counts, texts } = this;
      this.keys = new Float64Array(2 * keys.length).fill(-1);
      this.counts = new Float64Array(2 * keys.length);
      this.texts = new Array(2 * keys.length);
      this.mask = 2 * keys.length - 1;
      for (let j = 0; j < keys.length; j++) {
        if (keys[j] !== -1) {
          const at = this.find(keys[j], slotOf(keys[j]));
          this.keys[at] = keys[j];
          this.counts[at] = counts[j];
          this.texts[at] = texts[j];
        }
      }
    }
  }

  *entries(): IterableIterator<{ key: number; count: number; value: string }> {
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== -1) {
        yield { key: this.keys[i], count: this.counts[i], value: this.texts[i]! };
      }
    }
  }
}

/**
 * Distinct count and most frequent values of one column, keyed by 53-bit hashes (a collision
 * among 16,384 values has probability below 2e-8). Exact while there are at most
 * EXACT_DISTINCT distinct values; then the distinct count is a HyperLogLog estimate and the top
 * values come from Misra-Gries counters: each count then falls short by at most `topCountError`.
 */
export class ValueCounts {
  private exact: KeyCounts | undefined = new KeyCounts(64);
  private hll: HyperLogLog | undefined;
  private top: Map<number, { count: number; value: string }> | undefined;
  private topError = 0;
  /** Values not counted for the top values (see `trackTop`). */
  private untracked = 0;
  /** Once exact counts are dropped, whether to keep counting top values (not for numbers). */
  trackTop = true;

  /** A value given by its UTF-8 bytes (text cells of CSV files). */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    const key = hashBytes(buf, start, end);
    const exact = this.exact;
    if (exact) {
      const i = exact.find(key, hashHalves[0]);
      if (exact.counts[i] > 0) {
        exact.counts[i]++;
      } else {
        exact.insert(
          i,
          key,
          Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8'),
          1
        );
        if (exact.size > EXACT_DISTINCT) {
          this.dropExact();
        }
      }
      return;
    }
    this.hll!.add(hashHalves[0], hashHalves[1] & ~0x7ff);
    if (this.trackTop) {
      this.addTop(key, Buffer.from(buf.buffer, buf.byteOffset + start, end - start), 'string');
    } else {
      this.untracked++;
    }
  }

  /** The number in numberSlot, hashed just before by hashSlotNumber (CSV cells: nothing boxed). */
  addSlotNumber(kind: 'number' | 'datetime' | 'boolean'): void {
    const key = hashKey[0];
    const exact = this.exact;
    if (exact) {
      const i = exact.find(key, hashHalves[0]);
      if (exact.counts[i] > 0) {
        exact.counts[i]++;
      } else {
        const x = numberSlot[0];
        exact.insert(i, key, kind === 'boolean' ? String(x === 1) : textOf(x, kind), 1);
        if (exact.size > EXACT_DISTINCT) {
          this.dropExact();
        }
      }
      return;
    }
    this.hll!.add(hashHalves[0], hashHalves[1] & ~0x7ff);
    if (this.trackTop) {
      const x = numberSlot[0];
      this.addTop(key, kind === 'boolean' ? x === 1 : x, kind);
    } else {
      this.untracked++;
    }
  }

  /** Numbers in bulk (CSV number columns): what hashSlotNumber(0) and addSlotNumber do for each. */
  addNumbers(xs: Float64Array, count: number): void {
    let i = 0;
    for (; i < count && (this.exact || this.trackTop); i++) {
      numberSlot[0] = xs[i];
      hashSlotNumber(0);
      this.addSlotNumber('number');
    }
    if (i < count) {
      // Past the exact counts, only the distinct count of numbers is kept.
      const hll = this.hll!;
      for (let j = i; j < count; j++) {
        numberSlot[0] = xs[j];
        hashSlotNumber(0);
        hll.add(hashHalves[0], hashHalves[1] & ~0x7ff);
      }
      this.untracked += count - i;
    }
  }

  /** A value with its key from hash.ts (called just before); its text is made only when first seen. */
  addValue(key: number, value: number | string | boolean, kind: ValueKind): void {
    const exact = this.exact;
    if (exact) {
      const i = exact.find(key, hashHalves[0]);
      if (exact.counts[i] > 0) {
        exact.counts[i]++;
      } else {
        exact.insert(i, key, textOf(value, kind), 1);
        if (exact.size > EXACT_DISTINCT) {
          this.dropExact();
        }
      }
      return;
    }
    this.hll!.add(hashHalves[0], hashHalves[1] & ~0x7ff);
    if (this.trackTop) {
      this.addTop(key, value, kind);
    } else {
      this.untracked++;
    }
  }

  private addTop(key: number, value: Buffer | number | string | boolean, kind: ValueKind): void {
    const top = this.top!;
    const entry = top.get(key);
    if (entry) {
      entry.count++;
      return;
    }
    top.set(key, { count: 1, value: value instanceof Buffer ? value.toString('utf8') : textOf(value, kind) });
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
    const entries = [...this.exact!.entries()];
    this.hll = new HyperLogLog();
    for (const { key } of entries) {
      // The key holds the first half and the top 21 bits of the second: all HyperLogLog uses.
      this.hll.add(slotOf(key), (key % 2097152) << 11);
    }
    const kept = entries.sort((a, b) => b.count - a.count).slice(0, TOP_COUNTERS);
    // A value left out had at most the smallest kept count: that is the error so far.
    this.topError = kept.length ? kept[kept.length - 1].count : 0;
    this.top = new Map(kept.map(e => [e.key, { count: e.count, value: e.value }]));
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
      for (const { key, count, value } of other.exact.entries()) {
        const exact: KeyCounts = this.exact!;
        const i = exact.find(key, slotOf(key));
        if (exact.counts[i] > 0) {
          exact.counts[i] += count;
        } else {
          exact.insert(i, key, value, count);
          if (exact.size > EXACT_DISTINCT) {
            this.dropExact();
            this.merge(other);
            return;
          }
        }
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

  /**
   * Every distinct number with its count, sorted, while exact; `parse` reads a value's text
   * back (String(number) and ISO dates read back exactly).
   */
  exactNumbers(parse: (text: string) => number): { values: Float64Array; counts: Float64Array } | undefined {
    if (!this.exact) {
      return undefined;
    }
    const entries = [...this.exact.entries()].map(e => [parse(e.value), e.count]).sort((a, b) => a[0] - b[0]);
    return {
      values: Float64Array.from(entries, e => e[0]),
      counts: Float64Array.from(entries, e => e[1])
    };
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
