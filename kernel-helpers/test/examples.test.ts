import * as fs from 'node:fs';
import * as path from 'node:path';
import { vegaFile } from './helpers/datasets';
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
    // It ends by evaluating on the validation rows and registering the model with that evaluation.
    expect(Object.keys(run.metrics)).toEqual(
      expect.arrayContaining(['f1_macro', 'f1_Gentoo', 'measure_passed'])
    );
    const version = JSON.parse(
      runCli(['models', 'show', 'penguins-classifier@1', '--json'], { env: { MLNB_STORE: store } }).stdout
    );
    expect(version).toMatchObject({
      runId: run.id,
      stage: 'none',
      evaluation: { task: 'multiclass', rows: 334 - Math.floor(334 * 0.8) } // the validation rows
    });
    expect(version.evaluation.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  });

  test('score.ipynb, productionized as a daily job with gates, scores with the production model and publishes with lineage', () => {
    const env = { MLNB_STORE: path.join(dir, 'score.db') };
    const cli = (...args: string[]) => {
      const result = runCli(args, { env });
      expect(result.stderr.replace(/^profiling .*\n/gm, '')).toBe('');
      expect(result.status).toBe(0);
      return result.stdout;
    };
    cli('datasets', 'register', vegaFile('penguins.json'), '--name', 'penguins');
    const trainingRun = cli('run', path.join(EXAMPLES, 'penguins.ipynb')).trim();
    cli('models', 'promote', 'penguins-classifier@1', '--stage', 'production');
    cli(
      'jobs',
      'create',
      path.join(EXAMPLES, 'score.ipynb'),
      '--name',
      'penguin-species',
      '--schedule',
      '0 5 * * *',
      '--tz',
      'Europe/Berlin',
      '--gate',
      'rows_scored >= 300',
      '--gate',
      'agreement >= 0.9'
    );
    cli('jobs', 'run', 'penguin-species');

    // model version → its training run; scoring run → reads the version and penguins@1 → output.
    const predictions = JSON.parse(cli('datasets', 'show', 'penguin-species', '--json'));
    expect(predictions.rows).toBe(342); // the penguins with every measurement the model reads
    const scoringRun = JSON.parse(cli('runs', 'show', predictions.lineage.producedBy, '--json'));
    expect(scoringRun.source).toBe('job');
    expect(scoringRun.dataRefs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uri: 'models:/penguins-classifier/1', role: 'input' }),
        expect.objectContaining({ dataset: 'penguins@1', role: 'input' }),
        expect.objectContaining({ dataset: 'penguin-species@1', role: 'output' })
      ])
    );
    const version = JSON.parse(cli('models', 'show', 'penguins-classifier@production', '--json'));
    expect(version.runId).toBe(trainingRun);
  });

  test('batch-scoring.ipynb, productionized as in the README, publishes its scores to the catalog', () => {
    const env = { MLNB_STORE: path.join(dir, 'jobs.db') };
    const created = runCli(
      [
        'jobs',
        'create',
        path.join(EXAMPLES, 'batch-scoring.ipynb'),
        '--name',
        'penguin-scoring',
        '--schedule',
        '0 6 * * *',
        '--tz',
        'Europe/Berlin',
        '-p',
        'minBodyMassG=4500',
        '--gate',
        'rows_scored >= 300'
      ],
      { env }
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const ran = runCli(['jobs', 'run', 'penguin-scoring'], { env });
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);

    const penguins: Record<string, number | null>[] = JSON.parse(
      fs.readFileSync(vegaFile('penguins.json'), 'utf8')
    );
    const weighed = penguins.filter(p => p['Body Mass (g)'] !== null);
    const scores = JSON.parse(runCli(['datasets', 'show', 'penguin-scores', '--json'], { env }).stdout);
    expect(scores.rows).toBe(weighed.length);
    expect(scores.statistics.heavy.top).toEqual(
      expect.arrayContaining([
        { value: 'true', count: weighed.filter(p => p['Body Mass (g)']! >= 4500).length }
      ])
    );
    expect(scores.lineage.producedBy).toMatch(/^[0-9a-f]{32}$/);
  });

  test('quickstart.ipynb runs headless too', () => {
    const result = runCli(['run', path.join(EXAMPLES, 'quickstart.ipynb')], {
      env: { MLNB_STORE: path.join(dir, 'quick.db') }
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
