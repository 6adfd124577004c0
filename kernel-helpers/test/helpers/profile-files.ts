import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColumnProfile, DatasetProfile } from '../../src/profile';

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
