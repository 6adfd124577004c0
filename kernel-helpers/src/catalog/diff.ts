import type { ColumnDrift } from '../contracts';
import type { ColumnProfile, DatasetProfile, Histogram } from '../profile/types';

/** PSI at or above this is the usual "significant shift" rule of thumb (0.1–0.25 is moderate). */
export const PSI_DRIFT = 0.25;
/** Shares are floored at this before the log, so an empty bin does not make PSI infinite. */
const EPSILON = 1e-4;

/** How one column changed between two versions (schemas/api.schema.json, generated in src/contracts). */
export type { ColumnDrift } from '../contracts';
/** A categorical value's share in the first and the second version. */
export type CategoryShare = NonNullable<ColumnDrift['shares']>[number];

export interface DatasetDiff {
  rowsFrom: number;
  rowsTo: number;
  columns: ColumnDrift[];
  /** The largest PSI over the columns (0 when none could be computed). */
  maxPsi: number;
}

/** Compares two profiles of one dataset, column by column. */
export function diffProfiles(from: DatasetProfile, to: DatasetProfile): DatasetDiff {
  const before = new Map(from.columns.map(c => [c.name, c]));
  const after = new Map(to.columns.map(c => [c.name, c]));
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const columns = names.map(name => diffColumn(name, before.get(name), after.get(name)));
  const maxPsi = Math.max(0, ...columns.map(c => c.psi ?? 0));
  return { rowsFrom: from.rows, rowsTo: to.rows, columns, maxPsi };
}

function missingShare(column: ColumnProfile | undefined): number | null {
  if (!column) {
    return null;
  }
  const total = column.statistics.count + column.statistics.missing;
  return total === 0 ? 0 : column.statistics.missing / total;
}

function diffColumn(name: string, a: ColumnProfile | undefined, b: ColumnProfile | undefined): ColumnDrift {
  const drift: ColumnDrift = {
    column: name,
    change: !a ? 'added' : !b ? 'removed' : a.type !== b.type ? 'retyped' : 'kept',
    typeFrom: a?.type ?? null,
    typeTo: b?.type ?? null,
    missingFrom: missingShare(a),
    missingTo: missingShare(b),
    drifted: false
  };
  if (!a || !b) {
    drift.drifted = true;
    return drift;
  }
  const sa = a.statistics;
  const sb = b.statistics;
  if (sa.mean !== undefined && sb.mean !== undefined && sa.std) {
    drift.meanShiftStd = (sb.mean - sa.mean) / sa.std;
  }
  if (a.histogram?.kind === 'numeric' && b.histogram?.kind === 'numeric') {
    drift.psi = psi(
      numericShares(a.histogram, a.histogram.edges),
      numericShares(b.histogram, a.histogram.edges)
    );
  } else if (a.histogram?.kind === 'categorical' && b.histogram?.kind === 'categorical') {
    drift.shares = categoryShares(a.histogram, b.histogram);
    drift.psi = psi(
      drift.shares.map(s => s.from).concat(otherShare(a.histogram)),
      drift.shares.map(s => s.to).concat(otherShare(b.histogram))
    );
  }
  drift.drifted = drift.change === 'retyped' || (drift.psi ?? 0) >= PSI_DRIFT;
  return drift;
}

function psi(expected: number[], actual: number[]): number {
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], EPSILON);
    const a = Math.max(actual[i], EPSILON);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}

/**
 * The histogram's mass on `edges` plus an underflow and an overflow bin, assuming values are
 * spread evenly inside each of its own bins (the stored histogram is all that is kept).
 */
function numericShares(histogram: Extract<Histogram, { kind: 'numeric' }>, edges: number[]): number[] {
  const shares = new Array<number>(edges.length + 1).fill(0);
  const total = histogram.counts.reduce((s, c) => s + c, 0);
  if (total === 0) {
    return shares;
  }
  histogram.counts.forEach((count, i) => {
    const lo = histogram.edges[i];
    const hi = histogram.edges[i + 1];
    if (hi === lo) {
      shares[targetBin(edges, lo)] += count / total;
      return;
    }
    // Target bins: (-inf, e0), [e0, e1), …, [eN, +inf).
    for (let j = 0; j <= edges.length; j++) {
      const from = j === 0 ? -Infinity : edges[j - 1];
      const to = j === edges.length ? Infinity : edges[j];
      const overlap = Math.max(0, Math.min(hi, to) - Math.max(lo, from)) / (hi - lo);
      shares[j] += (count * overlap) / total;
    }
  });
  return shares;
}

/** The target bin of one value; the last edge belongs to the last inner bin, as in a histogram. */
function targetBin(edges: number[], value: number): number {
  if (value < edges[0]) {
    return 0;
  }
  if (value > edges[edges.length - 1]) {
    return edges.length;
  }
  const j = edges.findIndex(edge => value < edge);
  return j < 0 ? edges.length - 1 : j;
}

type Categorical = Extract<Histogram, { kind: 'categorical' }>;

function totalOf(h: Categorical): number {
  return h.counts.reduce((s, c) => s + c, 0) + h.other;
}

function otherShare(h: Categorical): number {
  const total = totalOf(h);
  return total === 0 ? 0 : h.other / total;
}

function categoryShares(a: Categorical, b: Categorical): CategoryShare[] {
  const share = (h: Categorical, value: string) => {
    const i = h.values.indexOf(value);
    const total = totalOf(h);
    return i < 0 || total === 0 ? 0 : h.counts[i] / total;
  };
  const values = [...new Set([...a.values, ...b.values])];
  return values.map(value => ({ value, from: share(a, value), to: share(b, value) }));
}
