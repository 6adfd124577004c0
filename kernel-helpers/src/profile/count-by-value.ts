import { hashHalves, hashKey, hashSlotNumber, numberSlot, SALT_DATETIME } from './hash';
import type { KeyCounts } from './key-counts';

/**
 * `countByValue`: runs of at least DENSE_MIN_RUN values whose range is under DENSE_RANGE (and
 * 8 × the run's length, so that walking the counts costs less than the values) are counted by
 * value; `byValue` holds the counts (and is left all zeros).
 */
const DENSE_MIN_RUN = 64;
const DENSE_RANGE = 1 << 16;
const byValue = new Int32Array(DENSE_RANGE);

/**
 * After this many runs in a row not counted by value (too wide, not whole, too many new values),
 * a column stops trying.
 */
export const BY_VALUE_TRIES = 8;

/**
 * Whole numbers of a narrow range (at most DENSE_RANGE from least to greatest) counted in an
 * array by value, then each distinct value hashed once into the exact counts `exact`: hashing
 * every value was most of an integer column's counting (flights' delay and distance, P3's age).
 * Counts nothing ('missed') for other runs, or one that may hold more new values than `room`;
 * a run too short to pay is 'skipped'.
 */
export function countByValue(
  exact: KeyCounts,
  room: number,
  xs: Float64Array,
  from: number,
  to: number,
  kind: 'number' | 'datetime'
): 'counted' | 'missed' | 'skipped' {
  if (to - from < DENSE_MIN_RUN) {
    return 'skipped';
  }
  rangeOf(xs, from, to);
  const least = bounds[0];
  const range = bounds[1] - least;
  if (!(range < DENSE_RANGE && range < 8 * (to - from))) {
    return 'missed';
  }
  if (!countWhole(xs, from, to, least) || distinctIn(range) > room) {
    // Not all whole, or the drop of the exact counts may come: counted value by value.
    byValue.fill(0, 0, range + 1);
    return 'missed';
  }
  addByValue(exact, least, range, kind);
  return 'counted';
}

// Its loops, each a function of its own (see dropExact's in key-counts.ts: a function compiled in
// its first loop deoptimized on the code after it).

/** Scratch: the least and greatest of `rangeOf`. */
const bounds = new Float64Array(2);

function rangeOf(xs: Float64Array, from: number, to: number): void {
  let least = xs[from];
  let greatest = least;
  for (let i = from + 1; i < to; i++) {
    const x = xs[i];
    if (x < least) {
      least = x;
    } else if (x > greatest) {
      greatest = x;
    }
  }
  bounds[0] = least;
  bounds[1] = greatest;
}

/** Counts xs[from, to) in byValue at x − least; false when a value is not whole. */
function countWhole(xs: Float64Array, from: number, to: number, least: number): boolean {
  const counts = byValue;
  for (let i = from; i < to; i++) {
    const offset = xs[i] - least;
    const k = offset | 0;
    if (k !== offset) {
      return false;
    }
    counts[k]++;
  }
  return true;
}

function distinctIn(range: number): number {
  let distinct = 0;
  for (let k = 0; k <= range; k++) {
    distinct += byValue[k] > 0 ? 1 : 0;
  }
  return distinct;
}

/** byValue's counts into the exact counts (each value hashed once), leaving it all zeros. */
function addByValue(exact: KeyCounts, least: number, range: number, kind: 'number' | 'datetime'): void {
  const salt = kind === 'datetime' ? SALT_DATETIME : 0;
  for (let k = 0; k <= range; k++) {
    const n = byValue[k];
    if (n > 0) {
      byValue[k] = 0;
      numberSlot[0] = least + k;
      hashSlotNumber(salt);
      const slot = exact.find(hashKey[0], hashHalves[0]);
      if (exact.counts[slot] > 0) {
        exact.counts[slot] += n;
      } else {
        exact.insertNumber(slot, hashKey[0], least + k, kind, n);
      }
    }
  }
}
