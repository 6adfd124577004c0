import * as path from 'node:path';
import { RunRecorder } from '../src/capture/recorder';
import { ENGINES, storePerTest } from './helpers/engines';

/** How the recorder seeds Math.random and records the seed, on both store engines. */
describe.each(ENGINES)('seeded runs on a real %s store', engine => {
  const nativeRandom = Math.random;
  let recorder: RunRecorder;
  const draws = (n: number) => Array.from({ length: n }, () => Math.random());
  const recordedSeed = async (id: string) => {
    await recorder.flush();
    return (await t.store.runs.get(id))!.seed;
  };

  // Declared before storePerTest: jest runs afterEach hooks in declaration order, and the run
  // must finish before the store closes.
  afterEach(async () => {
    await recorder.finish('finished');
    Math.random = nativeRandom;
  });
  const t = storePerTest(engine);
  beforeEach(() => {
    recorder = new RunRecorder({
      cwd: t.dir,
      source: 'interactive',
      notebookPath: path.join(t.dir, 'nb.ipynb'),
      store: t.store
    });
  });

  test('a run starts Math.random from its recorded seed, a random one unless chosen', async () => {
    const run = recorder.ensureRun();
    const drawn = draws(5);
    expect(await recordedSeed(run.id)).toBe(run.seed);
    const again = new RunRecorder({ cwd: t.dir, source: 'batch', store: t.store, seed: run.seed });
    again.ensureRun();
    expect(draws(5)).toEqual(drawn);
    await again.finish('finished');
    expect(run.seed).toBeGreaterThanOrEqual(0);
    expect(run.seed).toBeLessThanOrEqual(0xffffffff);
  });

  test('%seed before any draw becomes the run’s seed; after draws it restarts Math.random and the recorded seed stays', async () => {
    const run = recorder.ensureRun();
    recorder.seed(9);
    expect(await recordedSeed(run.id)).toBe(9);
    const fromNine = draws(3);
    recorder.seed(10);
    const fromTen = draws(3);
    expect(await recordedSeed(run.id)).toBe(9);
    recorder.seed(9);
    expect(draws(3)).toEqual(fromNine);
    expect(fromTen).not.toEqual(fromNine);
  });

  test('%run new starts the next run from the chosen seed, or from a fresh random one when none was chosen', async () => {
    const first = recorder.ensureRun();
    const second = recorder.newRun();
    expect(second.seed).not.toBe(first.seed);
    recorder.seed(4);
    const fromFour = draws(2);
    const third = recorder.newRun('third');
    expect(third.seed).toBe(4);
    expect(await recordedSeed(third.id)).toBe(4);
    expect(draws(2)).toEqual(fromFour);
  });

  test('mlnb.seed refuses what is not a 32-bit seed', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, '3' as unknown as number]) {
      expect(() => recorder.seed(bad)).toThrow('mlnb.seed: the seed is a whole number from 0 to 4294967295');
    }
  });
});
