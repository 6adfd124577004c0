import { compareRuns } from '../src/experiments/comparison';
import { IRunRecord } from '../src/experiments/types';
import { runRecord, series } from './fixtures';

/** A run named `id` with these metric series. */
function run(id: string, metrics: Record<string, number[]>): IRunRecord {
  return runRecord({
    id: id.repeat(32),
    name: id,
    metrics: Object.fromEntries(Object.entries(metrics).map(([key, values]) => [key, series(values)]))
  });
}

describe('the compare view marks metrics bitwise equal in every point', () => {
  const bitwise = (runs: IRunRecord[]) =>
    Object.fromEntries(compareRuns(runs).map(row => [row.key, row.bitwiseEqual]));

  test('equal series are marked; a difference beyond what is displayed, in any point, is not', () => {
    const original = run('a', { loss: [0.5, 0.25], acc: [0.9, 0.3], f1: [0.8] });
    const reproduction = run('b', { loss: [0.5, 0.25], acc: [0.9, 0.1 + 0.2], f1: [0.8, 0.8] });
    expect(bitwise([original, reproduction])).toEqual({ loss: true, acc: false, f1: false });
    // The latest values look the same when formatted: only the mark tells them apart.
    const acc = compareRuns([original, reproduction]).find(row => row.key === 'acc')!;
    expect(acc.values[0]).toBe(acc.values[1]);
  });

  test('a metric one run lacks, or a single run, is not marked', () => {
    expect(bitwise([run('a', { loss: [1] }), run('b', {})])).toEqual({ loss: false });
    expect(bitwise([run('a', { loss: [1] })])).toEqual({ loss: false });
  });
});
