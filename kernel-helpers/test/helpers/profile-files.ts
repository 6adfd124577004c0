import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColumnProfile, DatasetProfile } from '../../src/profile';
import { countInBins, LEVELS, mean, quantile, sampleStd } from './reference-stats';

/** Shared by the profiler tests: vega-datasets' data folder, a temporary folder, lookups. */

// The package's exports hide data/: find it beside its entry point.
export const DATA = path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data');

/** A temporary folder for the calling test file, removed after it. */
export function temporaryFolder(): { write(name: string, text: string): string; path(name: string): string } {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-profile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    path: (name: string) => path.join(dir, name)
  };
}

export const column = (profile: DatasetProfile, name: string): ColumnProfile => {
  const found = profile.columns.find(c => c.name === name);
  if (!found) {
    throw new Error(`no column ${name} in ${profile.columns.map(c => c.name).join(', ')}`);
  }
  return found;
};

/** actual is within a relative 1e-9 of expected (floating-point sums in another order). */
export function close(actual: number | undefined, expected: number, relative = 1e-9): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

/** Exact statistics and histogram of a numeric column with at most 100,000 values. */
export function expectNumeric(profiled: ColumnProfile, values: number[], missing: number): void {
  const s = profiled.statistics;
  const sorted = [...values].sort((a, b) => a - b);
  expect(s.count).toBe(values.length);
  expect(s.missing).toBe(missing);
  expect(profiled.nullable).toBe(missing > 0);
  expect(s.min).toBe(sorted[0]);
  expect(s.max).toBe(sorted[sorted.length - 1]);
  close(s.mean, mean(values));
  close(s.std, sampleStd(values));
  expect(s.distinct).toBe(new Set(values).size);
  expect(s.distinctExact).toBe(true);
  expect(s.quantilesExact).toBe(true);
  for (const [name, p] of LEVELS) {
    close((s.quantiles as any)[name], quantile(sorted, p));
  }
  const histogram = profiled.histogram!;
  if (histogram.kind !== 'numeric') {
    throw new Error('expected a numeric histogram');
  }
  expect(histogram.edges).toHaveLength(21);
  expect(histogram.edges[0]).toBe(sorted[0]);
  expect(histogram.edges[20]).toBe(sorted[sorted.length - 1]);
  expect(histogram.counts).toEqual(countInBins(values, histogram.edges));
}
