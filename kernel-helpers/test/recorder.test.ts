import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunRecorder } from '../src/capture/recorder';
import { createTestStore, ENGINES, storePerTest } from './helpers/engines';
import { PACKAGE_DIR, tempDir } from './helpers/env';
import { expectValidRun, readRuns } from './helpers/store';

describe.each(ENGINES)('RunRecorder on a real %s store', engine => {
  const t = storePerTest(engine);
  let recorder: RunRecorder;

  beforeEach(() => {
    recorder = new RunRecorder({
      cwd: t.dir,
      source: 'batch',
      notebookPath: path.join(t.dir, 'nb.ipynb'),
      store: t.store,
      warn: () => undefined
    });
  });

  test.each([
    [{ loss: Number.NaN }, 'metric "loss" must be a finite number, not NaN'],
    [{ loss: '0.3' as unknown as number }, 'metric "loss" must be a finite number, not 0.3'],
    [{ 'bad name!': 1 }, 'metric name "bad name!" is not valid']
  ])('log(%j) is refused with a clear TypeError and nothing is stored', async (metrics, message) => {
    expect(() => recorder.log(metrics)).toThrow(message);
    await recorder.flush();
    expect(await t.store.runs.list()).toEqual([]);
  });

  test('explicit steps and automatic steps per metric', async () => {
    recorder.log({ a: 1, b: 10 });
    recorder.log({ a: 2 });
    recorder.log({ b: 30 }, 5);
    recorder.log({ b: 31 });
    await recorder.flush();
    const run = (await t.store.runs.get(recorder.run!.id))!;
    expect(run.metrics.a.map(p => [p.step, p.value])).toEqual([
      [0, 1],
      [1, 2]
    ]);
    expect(run.metrics.b.map(p => [p.step, p.value])).toEqual([
      [0, 10],
      [5, 30],
      [6, 31]
    ]);
    expect((await t.store.runs.list())[0].latestMetrics).toEqual({ a: 2, b: 31 });
  });

  test('run.new finishes the current run and starts another', async () => {
    const first = recorder.ensureRun();
    const second = recorder.newRun('second try');
    await recorder.finish('finished');
    expect(second.id).not.toBe(first.id);
    const [newest, oldest] = await t.store.runs.list();
    expect([newest.name, newest.status, oldest.status]).toEqual(['second try', 'finished', 'finished']);
  });

  test('an artifact is copied under the run with its hash; a missing file is an error', async () => {
    fs.writeFileSync(path.join(t.dir, 'report.txt'), 'accuracy 0.9');
    const record = await recorder.artifact('report.txt');
    expect(record).toMatchObject({ kind: 'file', bytes: 12 });
    expect(fs.readFileSync(path.join(t.store.artifactRoot, record.path), 'utf8')).toBe('accuracy 0.9');
    await expect(recorder.artifact('missing.bin')).rejects.toThrow(/missing\.bin does not exist/);
  });

  test('a parameter that cannot be stored as JSON is refused', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => recorder.params({ cfg: circular })).toThrow('a parameter value must be JSON-serializable');
    expect(() => recorder.params({ lr: Infinity })).toThrow('a number parameter must be finite');
  });
});

describe.each(ENGINES)('mlnb imported by a plain Node.js script (%s store)', engine => {
  test('records a batch run for the script and finishes it when the script ends, at once', async () => {
    const dir = tempDir();
    const made = await createTestStore(engine, dir);
    try {
      const script = path.join(dir, 'train.js');
      fs.writeFileSync(
        script,
        `const mlnb = require(${JSON.stringify(PACKAGE_DIR)});\nmlnb.param('lr', 0.1);\nmlnb.log({ loss: 0.5 });\n`
      );
      // An open connection must not keep the script alive: it ends well within the timeout.
      const result = spawnSync(process.execPath, [script], {
        cwd: dir,
        env: { ...process.env, MLNB_STORE: made.target },
        encoding: 'utf8',
        timeout: 8_000
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const [run] = await readRuns(made.target);
      expect(run).toMatchObject({ source: 'batch', status: 'finished', experiment: script });
      expect(run.params.lr.value).toBe(0.1);
      expectValidRun(run);
    } finally {
      await made.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
