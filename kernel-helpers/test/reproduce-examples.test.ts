import * as fs from 'node:fs';
import * as path from 'node:path';
import { vegaFile } from './helpers/datasets';
import { REPO_ROOT, runCli, tempDir } from './helpers/env';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
/** Every example, in an order that gives each what it needs (score.ipynb scores with penguins' model). */
const IN_ORDER = ['penguins.ipynb', 'score.ipynb', 'batch-scoring.ipynb', 'quickstart.ipynb'];
/** Few epochs: the numbers must repeat, not be good; 2 shared cores train slowly. */
const PARAMS: Record<string, string[]> = { 'penguins.ipynb': ['-p', 'epochs=3'] };

interface Run {
  id: string;
  seed: number;
  metrics: Record<string, { step: number; value: number }[]>;
  artifacts: { path: string; kind: string; sha256: string }[];
}

/** Seeded training repeats bit for bit, and every example notebook reproduces exactly (about 2 minutes). */
describe('the example notebooks, seeded and reproduced', () => {
  let dir: string;
  const env = () => ({ MLNB_STORE: path.join(dir, 'store.db') });
  const cli = (...args: string[]) => {
    const result = runCli(args, { env: env() });
    expect(result.stderr.replace(/^profiling .*\n/gm, '')).toBe('');
    expect(result.status).toBe(0);
    return result.stdout.trim();
  };
  const show = (id: string): Run => JSON.parse(cli('runs', 'show', id, '--json'));
  const values = (run: Run) =>
    Object.fromEntries(Object.entries(run.metrics).map(([k, s]) => [k, s.map(p => [p.step, p.value])]));
  const modelSha = (run: Run) => run.artifacts.filter(a => a.kind === 'model').map(a => a.sha256);

  beforeAll(() => {
    dir = tempDir();
    cli('datasets', 'register', vegaFile('penguins.json'), '--name', 'penguins');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('two runs of penguins.ipynb with one seed give every metric point bitwise equal and the same weights; another seed does not', () => {
    const train = (seed: string) =>
      show(cli('run', path.join(EXAMPLES, 'penguins.ipynb'), ...PARAMS['penguins.ipynb'], '--seed', seed));
    const first = train('5');
    const second = train('5');
    const other = train('6');
    expect(first.seed).toBe(5);
    expect(first.metrics.loss).toHaveLength(3);
    // toEqual on numbers is Object.is: bitwise, not approximately.
    expect(values(second)).toEqual(values(first));
    expect(modelSha(first)).toHaveLength(1);
    expect(modelSha(second)).toEqual(modelSha(first));
    expect(values(other).loss).not.toEqual(values(first).loss);
    expect(modelSha(other)).not.toEqual(modelSha(first));
  });

  test('every example notebook reproduces exactly', () => {
    expect(
      fs
        .readdirSync(EXAMPLES)
        .filter(f => f.endsWith('.ipynb'))
        .sort()
    ).toEqual([...IN_ORDER].sort());
    const verdicts: Record<string, string> = {};
    for (const notebook of IN_ORDER) {
      const original = cli('run', path.join(EXAMPLES, notebook), ...(PARAMS[notebook] ?? []));
      if (notebook === 'penguins.ipynb') {
        cli('models', 'promote', 'penguins-classifier@1', '--stage', 'production');
      }
      const report = JSON.parse(cli('runs', 'reproduce', original, '--json'));
      verdicts[notebook] =
        `${report.verdict}${report.metrics.deltas.length ? ` ${JSON.stringify(report.metrics.deltas)}` : ''}`;
    }
    expect(verdicts).toEqual(Object.fromEntries(IN_ORDER.map(n => [n, 'exact'])));
  });
});
