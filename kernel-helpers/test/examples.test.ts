import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, runCli, tempDir } from './helpers/env';
import { expectValidRun, readRuns } from './helpers/store';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

describe('the example notebooks, run headless as a user would', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir()));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('penguins.ipynb trains the classifier and its run captures data, params, metrics and the model', async () => {
    const store = path.join(dir, 'penguins.db');
    const result = runCli(
      [
        'run',
        path.join(EXAMPLES, 'penguins.ipynb'),
        '-p',
        'epochs=12',
        '-o',
        path.join(dir, 'penguins.out.ipynb')
      ],
      {
        env: { MLNB_STORE: store }
      }
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [run] = await readRuns(store);
    expectValidRun(run);
    expect(run.params).toMatchObject({
      epochs: { type: 'number', value: 12 },
      learningRate: { type: 'number', value: 0.03 },
      hiddenUnits: { type: 'number', value: 16 },
      optimizer: { value: 'Adam' },
      loss: { value: 'categoricalCrossentropy' }
    });
    expect(run.metrics.val_acc).toHaveLength(12);
    expect(run.metrics.val_acc[11].value).toBeGreaterThan(0.6);
    expect(run.dataRefs).toEqual([
      expect.objectContaining({ uri: expect.stringMatching(/penguins\.json$/), rows: 344, role: 'input' })
    ]);
    expect(run.artifacts.map(a => a.kind)).toEqual(expect.arrayContaining(['model', 'notebook']));
  });

  test('quickstart.ipynb runs headless too', () => {
    const result = runCli(['run', path.join(EXAMPLES, 'quickstart.ipynb')], {
      env: { MLNB_STORE: path.join(dir, 'quick.db') }
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
