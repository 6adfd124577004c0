import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunRecorder } from '../src/capture/recorder';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import { createTestStore, ENGINES, TestStore } from './helpers/engines';
import { tempDir } from './helpers/env';

/** How the recorder seeds Math.random and records the seed, on both store engines. */
describe.each(ENGINES)('seeded runs on a real %s store', engine => {
  const nativeRandom = Math.random;
  let dir: string;
  let made: TestStore;
  let store: Store;
  let recorder: RunRecorder;
  const draws = (n: number) => Array.from({ length: n }, () => Math.random());
  const recordedSeed = async (id: string) => {
    await recorder.flush();
    return (await store.runs.get(id))!.seed;
  };

  beforeEach(async () => {
    dir = tempDir();
    made = await createTestStore(engine, dir);
    store = await openStore({ env: { MLNB_STORE: made.target } });
    recorder = new RunRecorder({
      cwd: dir,
      source: 'interactive',
      notebookPath: path.join(dir, 'nb.ipynb'),
      store
    });
  });
  afterEach(async () => {
    await recorder.finish('finished');
    Math.random = nativeRandom;
    await store.close();
    await made.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a run starts Math.random from its recorded seed, a random one unless chosen', async () => {
    const run = recorder.ensureRun();
    const drawn = draws(5);
    expect(await recordedSeed(run.id)).toBe(run.seed);
    const again = new RunRecorder({ cwd: dir, source: 'batch', store, seed: run.seed });
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
