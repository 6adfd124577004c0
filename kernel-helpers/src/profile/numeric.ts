import { addMomentsTo, momentSums } from './moments';
import { LinearGrid } from './linear-grid';
import { MagnitudeBuckets } from './magnitude-buckets';
import type { Quantiles } from './types';

export const QUANTILE_LEVELS: [keyof Quantiles, number][] = [
  ['p1', 0.01],
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99]
];

/**
 * Values kept per column for exact quantiles and histograms: 100,000, or fewer in a wide table
 * (4,000,000 / columns, but at least 10,000), so that the buffers stay under 32 MB in all.
 */
export function exactLimit(columns: number): number {
  return Math.max(10_000, Math.min(100_000, Math.floor(4_000_000 / Math.max(1, columns))));
}

export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1); undefined below two values. */
  std: number | undefined;
  quantiles: Quantiles;
  quantilesExact: boolean;
  quantileRankError?: number;
  edges: number[];
  counts: number[];
}

/**
 * Moments, range, quantiles and histogram of a stream of numbers in one pass. The first
 * `limit` values are kept: up to there everything is exact. Past it they go to a LinearGrid and
 * MagnitudeBuckets (both with exact counts); a quantile is then read from the intersection of the two
 * buckets that hold its rank, with a rank error bound of the smaller bucket's count.
 */
export class NumericStats {
  n = 0;
  min = Infinity;
  max = -Infinity;
  /** Sums of (x − shift) and its square: no division per value, and stable near the mean. */
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  private buffer: Float64Array | undefined = new Float64Array(256);
  /**
   * The kept values once past the limit, not yet in the sketches: they go in when the sketches
   * are read (`settle`), in code by then optimized, instead of all at once where the limit is
   * met. They lie within the grid's first span, so the grid ends the same in either order.
   */
  private pending: Float64Array | undefined;
  /**
   * Set by the column while it counts every distinct value exactly: quantiles and histogram then
   * come from those counts, so past the limit the sketches wait (`deferred`) until the column
   * drops them and `undefer` makes the sketches from the last of them (P3: 4 of 10 columns
   * never need sketches).
   */
  countedExactly = true;
  deferred = false;
  private grid: LinearGrid | undefined;
  private magnitudes: MagnitudeBuckets | undefined;

  constructor(private readonly limit: number) {}

  add(x: number): void {
    const n = this.n++;
    if (n === 0) {
      this.shift = x;
    }
    const d = x - this.shift;
    this.s1 += d;
    this.s2 += d * d;
    if (x < this.min) {
      this.min = x;
    }
    if (x > this.max) {
      this.max = x;
    }
    const buffer = this.buffer;
    if (buffer) {
      if (n < buffer.length) {
        buffer[n] = x;
        return;
      }
      if (n < this.limit) {
        const grown = new Float64Array(Math.min(this.limit, buffer.length * 2));
        grown.set(buffer);
        grown[n] = x;
        this.buffer = grown;
        return;
      }
      this.toSketches();
    }
    if (!this.deferred) {
      this.grid!.add(x);
      this.magnitudes!.add(x);
    }
  }

  /** `add` for each of xs[from, to), in tight loops. */
  addAll(xs: Float64Array, from: number, to: number): void {
    let i = from;
    if (this.buffer) {
      // Kept while there is room; the value past the limit goes through `add`, which turns to sketches.
      const kept = Math.min(to - from, this.limit - this.n);
      i = from + kept;
      this.addMoments(xs, from, i);
      if (this.buffer.length < this.n + kept) {
        const grown = new Float64Array(Math.min(this.limit, Math.max(2 * this.buffer.length, this.n + kept)));
        grown.set(this.buffer.subarray(0, this.n));
        this.buffer = grown;
      }
      this.buffer.set(xs.subarray(from, i), this.n);
      this.n += kept;
      if (i < to) {
        this.add(xs[i++]);
      }
    }
    if (i < to) {
      this.addMoments(xs, i, to);
      if (!this.deferred) {
        this.grid!.addAll(xs, i, to);
        this.magnitudes!.addAll(xs, i, to);
      }
      this.n += to - i;
    }
  }

  /** Sums and range of xs[from, to), as `add` makes them (n is the caller's to count). */
  private addMoments(xs: Float64Array, from: number, to: number): void {
    if (this.n === 0 && from < to) {
      this.shift = xs[from];
    }
    const sums = momentSums;
    sums[0] = this.s1;
    sums[1] = this.s2;
    sums[2] = this.min;
    sums[3] = this.max;
    addMomentsTo(sums, xs, from, to, this.shift);
    this.s1 = sums[0];
    this.s2 = sums[1];
    this.min = sums[2];
    this.max = sums[3];
  }

  /** Adds another's values (from another thread: same limit). */
  merge(other: NumericStats): void {
    if (other.n === 0) {
      return;
    }
    if (this.n === 0) {
      this.shift = other.shift;
    }
    // The other's sums, moved to this shift: x − a = (x − b) + (b − a).
    const delta = other.shift - this.shift;
    this.s2 += other.s2 + 2 * delta * other.s1 + other.n * delta * delta;
    this.s1 += other.s1 + other.n * delta;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    const n = this.n + other.n;
    if (this.buffer && other.buffer && n <= this.limit) {
      const buffer = new Float64Array(Math.max(256, n));
      buffer.set(this.buffer.subarray(0, this.n));
      buffer.set(other.buffer.subarray(0, other.n), this.n);
      this.buffer = buffer;
      this.n = n;
      return;
    }
    for (const stats of [this, other]) {
      if (stats.buffer) {
        stats.toSketches();
      }
      stats.settle();
    }
    this.grid!.merge(other.grid!);
    this.magnitudes!.merge(other.magnitudes!);
    this.n = n;
  }

  /** From its fields, as they come through postMessage. */
  static revive(fields: NumericStats): NumericStats {
    const stats = Object.assign(new NumericStats(fields.limit), fields);
    stats.grid = fields.grid && LinearGrid.revive(fields.grid);
    stats.magnitudes = fields.magnitudes && MagnitudeBuckets.revive(fields.magnitudes);
    return stats;
  }

  private toSketches(): void {
    if (this.countedExactly) {
      this.buffer = undefined;
      this.deferred = true;
      return;
    }
    this.pending = this.buffer!.subarray(0, Math.min(this.n, this.buffer!.length));
    this.grid = LinearGrid.spanning(this.min, this.max);
    this.magnitudes = new MagnitudeBuckets();
    this.buffer = undefined;
  }

  /** The deferred sketches, from every value so far with its count (the column's exact counts). */
  undefer(distinct: { values: Float64Array; counts: Float64Array }): void {
    this.grid = LinearGrid.spanning(this.min, this.max);
    this.magnitudes = new MagnitudeBuckets();
    this.grid.addCounts(distinct.values, distinct.counts);
    this.magnitudes.addCounts(distinct.values, distinct.counts);
    this.deferred = false;
  }

  /** The pending kept values into the sketches. */
  private settle(): void {
    if (this.pending) {
      this.grid!.addAll(this.pending, 0, this.pending.length);
      this.magnitudes!.addAll(this.pending, 0, this.pending.length);
      this.pending = undefined;
    }
  }

  /**
   * Moments, range, quantiles and histogram. `distinct`: every distinct value (sorted) with its
   * count, when the column has few enough to count each: quantiles and histogram are then exact
   * past the kept values too.
   */
  /** Whether every value is still kept. */
  get exact(): boolean {
    return this.buffer !== undefined;
  }

  summary(
    bins: number,
    distinct?: { values: Float64Array; counts: Float64Array }
  ): NumericSummary | undefined {
    const n = this.n;
    if (n === 0) {
      return undefined;
    }
    const mean = this.shift + this.s1 / n;
    const variance = n > 1 ? Math.max(0, (this.s2 - (this.s1 * this.s1) / n) / (n - 1)) : undefined;
    const base = {
      min: this.min,
      max: this.max,
      mean,
      std: variance === undefined ? undefined : Math.sqrt(variance)
    };
    if (this.buffer) {
      return {
        ...base,
        ...exactParts(this.buffer.subarray(0, n).sort(), undefined, n, this.min, this.max, bins)
      };
    }
    if (distinct) {
      return { ...base, ...exactParts(distinct.values, distinct.counts, n, this.min, this.max, bins) };
    }
    return { ...base, ...this.sketchParts(bins) };
  }

  private sketchParts(bins: number) {
    this.settle();
    const grid = this.grid!;
    const n = this.n;
    // Cumulative grid counts, to find the bin of a rank.
    const cumulative = new Float64Array(grid.counts.length + 1);
    for (let i = 0; i < grid.counts.length; i++) {
      cumulative[i + 1] = cumulative[i] + grid.counts[i];
    }
    const quantiles = {} as Quantiles;
    let worst = 0;
    for (const [name, p] of QUANTILE_LEVELS) {
      const rank = Math.round(p * (n - 1));
      // The grid bin holding this rank (binary search on the cumulative counts).
      let lo = 0;
      let hi = grid.counts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid + 1] > rank) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      const gridCount = grid.counts[lo];
      const fraction = (rank - cumulative[lo] + 0.5) / gridCount;
      const guess = grid.edge(lo) + fraction * grid.width;
      const bucket = this.magnitudes!.find(rank);
      // Both intervals hold the value of that rank; so does their intersection.
      const low = Math.max(grid.edge(lo), bucket.low, this.min);
      const high = Math.min(grid.edge(lo + 1), bucket.high, this.max);
      quantiles[name] = Math.min(high, Math.max(low, guess));
      // A bucket of one value (zero) holds the very value of that rank: off by rounding only.
      worst = Math.max(worst, (low === high ? 0 : Math.min(gridCount, bucket.count)) + 1);
    }
    // Histogram bins made of whole grid bins: exact counts, edges on the grid around min..max.
    const first = Math.max(0, Math.floor((this.min - grid.lo) / grid.width));
    const last = Math.min(grid.counts.length - 1, Math.floor((this.max - grid.lo) / grid.width));
    const span = last - first + 1;
    const per = Math.ceil(span / bins);
    const used = Math.ceil(span / per);
    const edges: number[] = [];
    const counts: number[] = [];
    for (let b = 0; b < used; b++) {
      edges.push(grid.edge(first + b * per));
      // The outer bins also take anything rounding put outside first..last.
      const from = b === 0 ? 0 : first + b * per;
      const to = b === used - 1 ? grid.counts.length : first + (b + 1) * per;
      counts.push(cumulative[to] - cumulative[from]);
    }
    edges.push(grid.edge(first + used * per));
    edges[0] = Math.min(edges[0], this.min);
    edges[used] = Math.max(edges[used], this.max);
    return { quantiles, quantilesExact: false, quantileRankError: worst / n, edges, counts };
  }
}

/**
 * numpy's default quantile (linear between closest ranks) and histogram (equal bins from min
 * to max), from n sorted values, each seen once or `weights[i]` times (Parquet's profile, in
 * DuckDB, hands its distinct values and counts here too).
 */
export function exactParts(
  sorted: Float64Array,
  weights: Float64Array | undefined,
  n: number,
  least: number,
  greatest: number,
  bins: number
) {
  // The value of 0-based rank r: a walk over cumulative weights (ranks asked in rising order).
  let index = 0;
  let through = weights ? weights[0] : 1;
  const at = (rank: number): number => {
    if (!weights) {
      return sorted[rank];
    }
    while (through <= rank) {
      index++;
      through += weights[index];
    }
    return sorted[index];
  };
  const quantiles = {} as Quantiles;
  for (const [name, p] of QUANTILE_LEVELS) {
    const position = p * (n - 1);
    const below = Math.floor(position);
    const low = at(below);
    const high = at(Math.min(n - 1, below + 1));
    quantiles[name] = low + (high - low) * (position - below);
  }
  let [min, max] = [least, greatest];
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const step = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * step));
  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (max - min);
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i];
    let bin = Math.min(bins - 1, Math.floor((x - min) * scale));
    // As numpy does: the edges, not the scaled value, decide.
    if (x < edges[bin]) {
      bin--;
    } else if (bin < bins - 1 && x >= edges[bin + 1]) {
      bin++;
    }
    counts[bin] += weights ? weights[i] : 1;
  }
  return { quantiles, quantilesExact: true, edges, counts };
}
