import { formatNumber } from './format';
import { IRunRecord } from './types';

/** One row of the comparison: a param or a metric, its value in each run. */
export interface IComparisonRow {
  kind: 'param' | 'metric';
  key: string;
  values: (string | null)[];
  /** The runs do not all agree. */
  differs: boolean;
  /** For a metric of exactly two runs: the second's latest value minus the first's. */
  delta?: number | null;
  /** For a metric: every run has the same series, every point bitwise equal (a reproduction). */
  bitwiseEqual?: boolean;
}

/** Params and latest metrics side by side; differences are flagged. */
export function compareRuns(runs: IRunRecord[]): IComparisonRow[] {
  const rows: IComparisonRow[] = [];
  const add = (
    kind: IComparisonRow['kind'],
    keys: Set<string>,
    value: (run: IRunRecord, key: string) => string | null
  ) => {
    for (const key of [...keys].sort()) {
      const values = runs.map(run => value(run, key));
      rows.push({ kind, key, values, differs: new Set(values).size > 1 });
    }
  };
  add('param', new Set(runs.flatMap(r => Object.keys(r.params))), (run, key) =>
    key in run.params ? JSON.stringify(run.params[key].value) : null
  );
  const latest = (run: IRunRecord, key: string) => run.metrics[key]?.at(-1)?.value ?? null;
  add('metric', new Set(runs.flatMap(r => Object.keys(r.metrics))), (run, key) => {
    const value = latest(run, key);
    return value === null ? null : formatNumber(value);
  });
  for (const row of rows.filter(r => r.kind === 'metric')) {
    row.bitwiseEqual =
      runs.length > 1 && runs.every(run => sameSeries(runs[0].metrics[row.key], run.metrics[row.key]));
  }
  if (runs.length === 2) {
    for (const row of rows.filter(r => r.kind === 'metric')) {
      const [a, b] = runs.map(run => latest(run, row.key));
      row.delta = a === null || b === null ? null : b - a;
    }
  }
  return rows;
}

type Series = IRunRecord['metrics'][string] | undefined;

/** The same steps with bitwise equal values (Object.is: what two formatted numbers can hide). */
function sameSeries(a: Series, b: Series): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.length === b.length &&
    a.every((point, i) => point.step === b[i].step && Object.is(point.value, b[i].value))
  );
}
