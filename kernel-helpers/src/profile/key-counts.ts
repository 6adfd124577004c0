import { HyperLogLog } from './hyperloglog';
export type ValueKind = 'number' | 'string' | 'boolean' | 'datetime';

/** How a typed value reads in the top values. */
export function textOf(value: number | string | boolean, kind: ValueKind): string {
  return kind === 'datetime' ? new Date(value as number).toISOString() : String(value);
}

/** The hash table slot of a key: its first 32 bits (hashHalves[0] when it was made). */
export const slotOf = (key: number) => Math.floor(key / 2097152) | 0;

/** What `numbers[i]` holds when an entry has no text yet (by index: 0 is text). */
const NUMBER_KINDS: (ValueKind | undefined)[] = [undefined, 'number', 'boolean', 'datetime'];

/** An entry of KeyCounts, its value as text. */
export interface KeyCount {
  key: number;
  count: number;
  value: string;
}

/**
 * Counts by 53-bit hash key in open addressing over typed arrays (a Map would box each key).
 * Each key keeps the value it was first seen with: a text, or a number (numbers, booleans as
 * 0/1, datetimes as epoch ms) written as text only when asked for, since most distinct numbers
 * never are (P3: 16,384 strings a column, made and dropped).
 */
export class KeyCounts {
  size = 0;
  keys: Float64Array;
  counts: Float64Array;
  /** Made when the first text comes (a column of numbers has none). */
  texts: (string | undefined)[] | undefined = undefined;
  numbers: Float64Array;
  /** Per entry: 0 when it has a text, else the index of its kind in NUMBER_KINDS. */
  kinds: Uint8Array;
  private mask: number;

  /**
   * `capacity`: a power of two. `dropsAt`: the size at which the owner drops the table, so it
   * need not double for that entry (P3: 1.6 MB and 16,384 moves a column, for nothing).
   */
  constructor(
    capacity: number,
    private readonly dropsAt = 0
  ) {
    this.keys = new Float64Array(capacity).fill(-1);
    this.counts = new Float64Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
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

  /** Fills slot i (from `find`) with a text value. */
  insertText(i: number, key: number, text: string, count: number): void {
    this.texts ??= new Array(this.keys.length);
    this.texts[i] = text;
    this.insert(i, key, count);
  }

  /** Fills slot i (from `find`) with a number, a boolean (0/1) or a datetime (epoch ms). */
  insertNumber(
    i: number,
    key: number,
    value: number,
    kind: 'number' | 'boolean' | 'datetime',
    count: number
  ): void {
    this.numbers[i] = value;
    this.kinds[i] = kind === 'number' ? 1 : kind === 'boolean' ? 2 : 3; // NUMBER_KINDS
    this.insert(i, key, count);
  }

  /** Adds the count of `other`'s slot j (another part of the same column). */
  add(other: KeyCounts, j: number): void {
    const key = other.keys[j];
    const i = this.find(key, slotOf(key));
    if (this.counts[i] > 0) {
      this.counts[i] += other.counts[j];
      return;
    }
    this.copy(i, other, j);
    this.insert(i, key, other.counts[j]);
  }

  /** Slot j of other's value into slot i. */
  private copy(i: number, other: KeyCounts, j: number): void {
    if (other.texts?.[j] !== undefined) {
      this.texts ??= new Array(this.keys.length);
      this.texts[i] = other.texts[j];
    }
    this.numbers[i] = other.numbers[j];
    this.kinds[i] = other.kinds[j];
  }

  /** The table doubles when half full, so `find` always ends. */
  private insert(i: number, key: number, count: number): void {
    this.keys[i] = key;
    this.counts[i] = count;
    this.size++;
    if (2 * this.size > this.keys.length && this.size !== this.dropsAt) {
      this.grow();
    }
  }

  /** Twice the capacity: every entry to its slot in the new table (keys are all distinct). */
  private grow(): void {
    const old = Object.assign(new KeyCounts(1), this);
    Object.assign(this, new KeyCounts(2 * old.keys.length, this.dropsAt), { size: old.size });
    for (let j = 0; j < old.keys.length; j++) {
      const key = old.keys[j];
      if (key !== -1) {
        const i = this.find(key, slotOf(key));
        this.keys[i] = key;
        this.counts[i] = old.counts[j];
        this.copy(i, old, j);
      }
    }
  }

  /** Slots in use, in table order. */
  slots(): Int32Array {
    const slots = new Int32Array(this.size);
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== -1) {
        slots[n++] = i;
      }
    }
    return slots;
  }

  /** The value of slot i as text (made now for a number). */
  text(i: number): string {
    const kind = NUMBER_KINDS[this.kinds[i]];
    if (kind === undefined) {
      return this.texts![i]!;
    }
    const x = this.numbers[i];
    return kind === 'boolean' ? String(x === 1) : textOf(x, kind);
  }

  /** The value of slot i as a number, when it was given as one. */
  number(i: number): number | undefined {
    return this.kinds[i] ? this.numbers[i] : undefined;
  }

  *entries(): IterableIterator<KeyCount> {
    for (const i of this.slots()) {
      yield { key: this.keys[i], count: this.counts[i], value: this.text(i) };
    }
  }
}

/**
 * Every distinct number of `table` with its count, sorted: the numbers by the typed array's own
 * sort, then each count put at its number's place by binary search (no comparator called for
 * each of up to 16,384 pairs, in code that runs once a column).
 */
export function numbersOf(
  table: KeyCounts,
  parse: (text: string) => number
): { values: Float64Array; counts: Float64Array } {
  const slots = table.slots();
  const unsorted = new Float64Array(slots.length);
  for (let j = 0; j < slots.length; j++) {
    unsorted[j] = table.number(slots[j]) ?? parse(table.text(slots[j]));
  }
  const values = Float64Array.from(unsorted).sort();
  const counts = new Float64Array(values.length);
  for (let j = 0; j < slots.length; j++) {
    let lo = 0;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] < unsorted[j]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    counts[lo] += table.counts[slots[j]];
  }
  return { values, counts };
}

// ValueCounts.dropExact's loops, as functions of their own: a loop inside dropExact got it
// compiled (OSR) before the code after the loop had run, and every column's drop then
// deoptimized there.

/**
 * The slots of the `limit` largest counts (ties in table order), and `cut`, the least of them:
 * a value left out had at most that count.
 */
export function largestCounts(
  table: KeyCounts,
  slots: Int32Array,
  limit: number
): { kept: number[]; cut: number } {
  const cut = leastOfLargest(table, slots, limit);
  const kept = countsAbove(table, slots, cut, limit);
  kept.push(...countsAt(table, slots, cut, limit - kept.length));
  return { kept, cut };
}

/** HyperLogLog of the keys (each holds the first half and the top 21 bits of the second). */
export function hyperLogLogOf(table: KeyCounts, slots: Int32Array): HyperLogLog {
  const hll = new HyperLogLog();
  for (let j = 0; j < slots.length; j++) {
    const key = table.keys[slots[j]];
    hll.add(slotOf(key), (key % 2097152) << 11);
  }
  return hll;
}

/** The least of the `top` largest counts (the least count when there are fewer). */
function leastOfLargest(table: KeyCounts, slots: Int32Array, top: number): number {
  const counts = countsOf(table, slots).sort();
  return counts[Math.max(0, counts.length - top)] ?? 0;
}

function countsOf(table: KeyCounts, slots: Int32Array): Float64Array {
  const counts = new Float64Array(slots.length);
  for (let j = 0; j < slots.length; j++) {
    counts[j] = table.counts[slots[j]];
  }
  return counts;
}

/** Up to `limit` slots whose count is above `cut`, in table order. */
function countsAbove(table: KeyCounts, slots: Int32Array, cut: number, limit: number): number[] {
  const kept: number[] = [];
  for (let j = 0; j < slots.length && kept.length < limit; j++) {
    if (table.counts[slots[j]] > cut) {
      kept.push(slots[j]);
    }
  }
  return kept;
}

/** Up to `limit` slots whose count is `cut`, in table order. */
function countsAt(table: KeyCounts, slots: Int32Array, cut: number, limit: number): number[] {
  const kept: number[] = [];
  for (let j = 0; j < slots.length && kept.length < limit; j++) {
    if (table.counts[slots[j]] === cut) {
      kept.push(slots[j]);
    }
  }
  return kept;
}
