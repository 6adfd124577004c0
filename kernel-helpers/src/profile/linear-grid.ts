/**
 * A fine equal-width histogram whose range grows as values arrive: 4,096 bins of a power-of-two
 * width, starting at a multiple of that width (the lattice width·Z). A value outside the range
 * doubles the width until it fits; bins then merge in pairs, so every count stays exact for the
 * bins as they are. Grids of two threads lie on the same lattices, so they merge exactly too.
 */
export const GRID_BINS = 4096;

export class LinearGrid {
  /** 32-bit counts: 16 KB a column, small enough for the CPU cache (a bin of over 4e9 values would wrap). */
  counts = new Uint32Array(GRID_BINS);
  /** A multiple of width. */
  lo = 0;
  /** A power of two. */
  width = 1;
  /** 1 / width, exact for a power of two. */
  private inverse = 1;

  /** Spans min..max (the range of the first values); later values widen it. */
  static spanning(min: number, max: number): LinearGrid {
    const grid = new LinearGrid();
    const span = max - min;
    const scale = span > 0 ? span / (GRID_BINS - 1) : Math.max(Math.abs(min), 1) * 2 ** -30;
    grid.width = 2 ** Math.max(-1070, Math.ceil(Math.log2(scale)));
    grid.inverse = 1 / grid.width;
    grid.lo = Math.floor(min * grid.inverse) * grid.width;
    grid.fit(max);
    return grid;
  }

  add(x: number): void {
    let i = Math.floor((x - this.lo) * this.inverse);
    if (i < 0 || i >= GRID_BINS) {
      this.fit(x);
      i = Math.min(GRID_BINS - 1, Math.max(0, Math.floor((x - this.lo) * this.inverse)));
    }
    this.counts[i]++;
  }

  /** `add` for xs[from, to); the fields are read again after a widening (see MagnitudeBuckets.addAll). */
  addAll(xs: Float64Array, from: number, to: number): void {
    let j = from;
    while (j < to) {
      const { counts, lo, inverse } = this;
      for (; j < to; j++) {
        const i = Math.floor((xs[j] - lo) * inverse);
        if (i < 0 || i >= GRID_BINS) {
          break;
        }
        counts[i]++;
      }
      if (j < to) {
        this.add(xs[j++]); // widens the grid
      }
    }
  }

  /** Each xs[i], counts[i] times. */
  addCounts(xs: Float64Array, counts: Float64Array): void {
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j];
      if (x < this.lo || x >= this.hi) {
        this.fit(x);
      }
      this.counts[Math.min(GRID_BINS - 1, Math.max(0, Math.floor((x - this.lo) * this.inverse)))] +=
        counts[j];
    }
  }

  private get hi(): number {
    return this.lo + GRID_BINS * this.width;
  }

  /** Doubles the width, growing toward x, until x is in range. */
  private fit(x: number): void {
    while (x < this.lo || x >= this.hi) {
      const width = 2 * this.width;
      // Down: the old range ends in the upper half. Up: it starts the new range.
      const lo =
        x < this.lo
          ? Math.ceil((this.lo - GRID_BINS * this.width) / width) * width
          : Math.floor(this.lo / width) * width;
      this.rebin(lo, width);
    }
  }

  /** Moves the counts onto bins from `lo` of `width` (a multiple of the present one, lo on its lattice). */
  private rebin(lo: number, width: number): void {
    const /** 32-bit counts: 16 KB a column, small enough for the CPU cache (a bin of over 4e9 values would wrap). */
      counts = new Uint32Array(GRID_BINS);
    const ratio = width / this.width;
    const offset = (this.lo - lo) / this.width; // whole: both lie on the finer lattice
    for (let i = 0; i < GRID_BINS; i++) {
      if (this.counts[i] > 0) {
        counts[Math.floor((offset + i) / ratio)] += this.counts[i];
      }
    }
    this.counts = counts;
    this.lo = lo;
    this.width = width;
    this.inverse = 1 / width;
  }

  /** Adds another grid's counts; the range becomes one that holds both. */
  merge(other: LinearGrid): void {
    let width = Math.max(this.width, other.width);
    let lo = Math.floor(Math.min(this.lo, other.lo) / width) * width;
    const hi = Math.max(this.hi, other.hi);
    while (lo + GRID_BINS * width < hi) {
      width *= 2;
      lo = Math.floor(lo / width) * width;
    }
    this.rebin(lo, width);
    const o = LinearGrid.revive({
      counts: Uint32Array.from(other.counts),
      lo: other.lo,
      width: other.width
    });
    o.rebin(lo, width);
    for (let i = 0; i < GRID_BINS; i++) {
      this.counts[i] += o.counts[i];
    }
  }

  edge(i: number): number {
    return this.lo + i * this.width;
  }

  /** A grid from its fields, as they come through postMessage. */
  static revive(fields: Pick<LinearGrid, 'counts' | 'lo' | 'width'>): LinearGrid {
    const grid = Object.assign(new LinearGrid(), {
      counts: fields.counts,
      lo: fields.lo,
      width: fields.width
    });
    grid.inverse = 1 / grid.width;
    return grid;
  }
}
