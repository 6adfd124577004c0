/**
 * A fine equal-width histogram whose range grows as values arrive: 16,384 bins; a value outside
 * the range doubles the bin width (merging neighbour bins) until it fits, so every count stays
 * exact for the bins as they are. Started from the range of the first values (the exact buffer).
 */
export const GRID_BINS = 16384;

export class LinearGrid {
  readonly counts = new Float64Array(GRID_BINS);
  lo: number;
  width: number;
  private inverse: number;

  constructor(min: number, max: number) {
    const span = max - min;
    // A little over span / bins, so that max falls inside the last bin.
    this.width =
      span > 0 ? (span / GRID_BINS) * (1 + 2 ** -20) : Math.max(Math.abs(min) * 2 ** -40, 2 ** -40);
    this.lo = min;
    this.inverse = 1 / this.width;
  }

  add(x: number): void {
    let i = Math.floor((x - this.lo) * this.inverse);
    if (i < 0 || i >= GRID_BINS) {
      this.grow(x);
      i = Math.min(GRID_BINS - 1, Math.max(0, Math.floor((x - this.lo) * this.inverse)));
    }
    this.counts[i]++;
  }

  private grow(x: number): void {
    const counts = this.counts;
    const half = GRID_BINS / 2;
    while (x < this.lo) {
      // The old range becomes the upper half.
      for (let i = half; i < GRID_BINS; i++) {
        counts[i] = counts[2 * (i - half)] + counts[2 * (i - half) + 1];
      }
      counts.fill(0, 0, half);
      this.lo -= GRID_BINS * this.width;
      this.width *= 2;
    }
    while (x >= this.lo + GRID_BINS * this.width) {
      // The old range becomes the lower half.
      for (let i = 0; i < half; i++) {
        counts[i] = counts[2 * i] + counts[2 * i + 1];
      }
      counts.fill(0, half);
      this.width *= 2;
    }
    this.inverse = 1 / this.width;
  }

  edge(i: number): number {
    return this.lo + i * this.width;
  }
}
