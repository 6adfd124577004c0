/**
 * Buckets of relative width, read off a double's bits: sign, the 11 exponent bits and the top 6
 * mantissa bits pick the bucket, so a bucket holds [m·2^e, (m + 1/64)·2^e) and any two values in
 * it are within 1/64 (1.6%) of each other. No logarithm per value; all doubles fit in 2 × 2^17
 * buckets, of which a store keeps the span between its least and greatest bucket.
 */
const SHIFT = 14; // 20 high mantissa bits in the upper word, keep 6
export const RELATIVE_WIDTH = 1 / 64;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The same bits as signed integers: loads that are always int32 (a Uint32Array's may not be). */
const i32 = new Int32Array(f64.buffer);

/** The least magnitude in bucket `index`. */
function lowest(index: number): number {
  u32[0] = 0;
  u32[1] = index << SHIFT;
  return f64[0];
}

export class Store {
  counts = new Float64Array(0);
  /** Bucket index of counts[0]. */
  offset = 0;

  add(index: number, count = 1): void {
    const at = index - this.offset;
    if (at >= 0 && at < this.counts.length) {
      this.counts[at] += count;
      return;
    }
    this.extend(index);
    this.counts[index - this.offset] += count;
  }

  merge(other: Store): void {
    for (let i = 0; i < other.counts.length; i++) {
      if (other.counts[i] > 0) {
        const index = other.offset + i;
        this.add(index);
        this.counts[index - this.offset] += other.counts[i] - 1;
      }
    }
  }

  private extend(index: number): void {
    const empty = this.counts.length === 0;
    const low = empty ? index : Math.min(index, this.offset);
    const high = empty ? index : Math.max(index, this.offset + this.counts.length - 1);
    // Room to grow on the side that grew.
    const size = Math.max(64, 2 * (high - low + 1));
    const start = empty ? index - (size >> 1) : index < this.offset ? high - size + 1 : low;
    const counts = new Float64Array(size);
    if (!empty) {
      counts.set(this.counts, this.offset - start);
    }
    this.counts = counts;
    this.offset = start;
  }
}

export interface Bucket {
  low: number;
  high: number;
  count: number;
}

export class MagnitudeBuckets {
  private positive = new Store();
  private negative = new Store();
  /** Zeros are counted apart: a bucket of one value, so a quantile there is exact. */
  private zeros = 0;

  merge(other: MagnitudeBuckets): void {
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeros += other.zeros;
  }

  /** From its fields, as they come through postMessage. */
  static revive(fields: MagnitudeBuckets): MagnitudeBuckets {
    const buckets = new MagnitudeBuckets();
    buckets.positive = Object.assign(new Store(), fields.positive);
    buckets.negative = Object.assign(new Store(), fields.negative);
    buckets.zeros = fields.zeros;
    return buckets;
  }

  add(x: number): void {
    if (x === 0) {
      this.zeros++;
      return;
    }
    f64[0] = x;
    const hi = u32[1];
    if (hi >>> 31) {
      this.negative.add((hi & 0x7fffffff) >>> SHIFT);
    } else {
      this.positive.add(hi >>> SHIFT);
    }
  }

  /** Each xs[i], counts[i] times. */
  addCounts(xs: Float64Array, counts: Float64Array): void {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x === 0) {
        this.zeros += counts[i];
        continue;
      }
      f64[0] = x;
      const hi = u32[1];
      const store = hi >>> 31 ? this.negative : this.positive;
      store.add((hi & 0x7fffffff) >>> SHIFT, counts[i]);
    }
  }

  /**
   * `add` for xs[from, to), over the stores' counts held in locals. A bucket outside them goes to
   * `add`, and the locals are read again at the top of the outer loop: code every call runs, so
   * the optimized loop does not meet property reads it has no feedback for (a deoptimization).
   */
  addAll(xs: Float64Array, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const positive = this.positive.counts;
      const positiveOffset = this.positive.offset;
      const negative = this.negative.counts;
      const negativeOffset = this.negative.offset;
      let zeros = 0;
      for (; i < to; i++) {
        const x = xs[i];
        f64[0] = x;
        const hi = i32[1];
        if (x > 0) {
          const at = (hi >> SHIFT) - positiveOffset;
          if (at < 0 || at >= positive.length) {
            break;
          }
          positive[at]++;
        } else if (x < 0) {
          const at = ((hi & 0x7fffffff) >> SHIFT) - negativeOffset;
          if (at < 0 || at >= negative.length) {
            break;
          }
          negative[at]++;
        } else {
          zeros++;
        }
      }
      this.zeros += zeros;
      if (i < to) {
        this.add(xs[i++]);
      }
    }
  }

  /** The bucket holding the value of 0-based rank `rank`, in value order. */
  find(rank: number): Bucket {
    let before = 0;
    const neg = this.negative;
    for (let i = neg.counts.length - 1; i >= 0; i--) {
      const count = neg.counts[i];
      if (count > 0 && rank < before + count) {
        const index = neg.offset + i;
        return { low: -lowest(index + 1), high: -lowest(index), count };
      }
      before += count;
    }
    if (rank < before + this.zeros) {
      return { low: 0, high: 0, count: this.zeros };
    }
    before += this.zeros;
    const pos = this.positive;
    for (let i = 0; i < pos.counts.length; i++) {
      const count = pos.counts[i];
      if (count > 0 && rank < before + count) {
        const index = pos.offset + i;
        return { low: lowest(index), high: lowest(index + 1), count };
      }
      before += count;
    }
    return { low: -Infinity, high: Infinity, count: Infinity };
  }
}
