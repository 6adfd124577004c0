/**
 * Statistics computed the plain way (whole arrays, sorting, two passes), to check the profiler's
 * one-pass results against. Nothing here comes from the profiler.
 */

/** The missing markers the profiler documents (README): empty text and these, exactly. */
export const MISSING_TEXT = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', '<NA>']);

export function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) {
    sum += v;
  }
  return sum / values.length;
}

/** Sample standard deviation (n − 1), two passes. */
export function sampleStd(values: number[]): number {
  const m = mean(values);
  let sum = 0;
  for (const v of values) {
    sum += (v - m) ** 2;
  }
  return Math.sqrt(sum / (values.length - 1));
}

/** numpy's default (linear) quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export const LEVELS: [string, number][] = [
  ['p1', 0.01],
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99]
];

/** How far (in ranks) value v is from rank p·(n − 1) of the sorted values. */
export function rankDistance(sorted: Float64Array, v: number, p: number): number {
  const target = p * (sorted.length - 1);
  const lower = countBelow(sorted, v, false);
  const upper = countBelow(sorted, v, true) - 1; // last rank holding v (lower − 1 if none)
  if (target < lower) {
    return lower - target;
  }
  return target > Math.max(upper, lower) ? target - Math.max(upper, lower) : 0;
}

/** Values < v (or ≤ v with orEqual), by binary search. */
function countBelow(sorted: Float64Array, v: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v || (orEqual && sorted[mid] === v)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Counts per bin [edge, next edge), the last bin closed, by comparing with the edges. */
export function countInBins(values: number[], edges: number[]): number[] {
  const counts = new Array(edges.length - 1).fill(0);
  for (const v of values) {
    for (let b = 0; b < counts.length; b++) {
      if (v >= edges[b] && (v < edges[b + 1] || (b === counts.length - 1 && v <= edges[b + 1]))) {
        counts[b]++;
        break;
      }
    }
  }
  return counts;
}

/** Each value with its count, most frequent first, ties by value. */
export function frequencies(values: string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Columns of a simple delimited text without quotes (the vega files), split plainly. */
export function splitColumns(text: string, delimiter: string): { names: string[]; columns: string[][] } {
  const lines = text.split(/\r?\n/).filter(line => line !== '');
  const names = lines[0].split(delimiter);
  const columns = names.map(() => [] as string[]);
  for (const line of lines.slice(1)) {
    line.split(delimiter).forEach((cell, i) => columns[i].push(cell));
  }
  return { names, columns };
}
