/** Scratch for `addMomentsTo`: s1, s2, min, max. */
export const momentSums = new Float64Array(4);

/**
 * The loop of `addMoments`, a function of its own over typed arrays only: in the method, code
 * compiled for its loop deoptimized on the stores after it, again and again (57 times a profile
 * of flights-3m as Arrow).
 */
export function addMomentsTo(
  sums: Float64Array,
  xs: Float64Array,
  from: number,
  to: number,
  shift: number
): void {
  let s1 = sums[0];
  let s2 = sums[1];
  let min = sums[2];
  let max = sums[3];
  for (let i = from; i < to; i++) {
    const x = xs[i];
    const d = x - shift;
    s1 += d;
    s2 += d * d;
    if (x < min) {
      min = x;
    }
    if (x > max) {
      max = x;
    }
  }
  sums[0] = s1;
  sums[1] = s2;
  sums[2] = min;
  sums[3] = max;
}
