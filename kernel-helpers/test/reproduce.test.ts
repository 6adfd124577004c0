import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureStaticEnvironment } from '../src/capture/environment';
import { openStore } from '../src/store/engine/open';
import { projectDir, runCli } from './helpers/env';
import { talkToKernel } from './helpers/kernel';
import { code, writeNotebook } from './helpers/notebooks';
import { expectValidRun, newRun, readRuns } from './helpers/store';

/** Seeded runs and `mlnb runs reproduce` on small notebooks, through the real CLI and kernel. */
describe('mlnb runs reproduce', () => {
  let dir: string;
  const env = () => ({ MLNB_STORE: path.join(dir, '.mlnb', 'store.db') });
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: env() });
  const run = (notebook: string, ...args: string[]) => {
    const result = cli('run', path.join(dir, notebook), ...args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout.trim();
  };
  const show = (id: string) => JSON.parse(cli('runs', 'show', id, '--json').stdout);
  const runCount = async () => (await readRuns(env().MLNB_STORE)).length;

  beforeAll(() => {
    dir = projectDir();
    // Draws from Math.random as tfjs does (initialisers, shuffling), and logs a series.
    writeNotebook(dir, 'draws.ipynb', [
      code('params', 'const scale = 10;', ['parameters']),
      code('decl', '%param steps: number = 4\n%param label: json = "plain"'),
      code(
        'draw',
        'for (let step = 0; step < steps; step++) mlnb.log({ value: scale * Math.random(), shuffled: [1, 2, 3].sort(() => Math.random() - 0.5)[0] });'
      )
    ]);
    fs.writeFileSync(path.join(dir, 'numbers.csv'), 'x\n1\n2\n3\n');
    fs.mkdirSync(path.join(dir, 'archive'));
    writeNotebook(dir, 'data.ipynb', [
      code('read', "await mlnb.dataRef('numbers.csv');"),
      code(
        'sum',
        "mlnb.log({ total: require('fs').readFileSync('numbers.csv', 'utf8').split('\\n').slice(1).map(Number).reduce((a: number, b: number) => a + b, 0) });"
      )
    ]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every run is seeded: a given seed repeats every draw, no seed gives a random one that is recorded', () => {
    const first = show(run('draws.ipynb', '--seed', '42', '-p', 'steps=5'));
    const second = show(run('draws.ipynb', '--seed', '42', '-p', 'steps=5'));
    const other = show(run('draws.ipynb', '--seed', '43', '-p', 'steps=5'));
    const unseeded = show(run('draws.ipynb', '-p', 'steps=5'));
    expectValidRun(first);
    expect(first.seed).toBe(42);
    expect(first.metrics.value).toHaveLength(5);
    expect(second.metrics).toEqual(
      Object.fromEntries(
        Object.entries(first.metrics as Record<string, { value: number }[]>).map(([k, s]) => [
          k,
          s.map((p, i) => ({ ...p, time: second.metrics[k][i].time }))
        ])
      )
    );
    expect(other.metrics.value.map((p: { value: number }) => p.value)).not.toEqual(
      first.metrics.value.map((p: { value: number }) => p.value)
    );
    expect(Number.isInteger(unseeded.seed)).toBe(true);
    expect(unseeded.seed).toBeGreaterThanOrEqual(0);
    expect(unseeded.seed).toBeLessThanOrEqual(0xffffffff);
  });

  test('a bad --seed is refused before anything runs', async () => {
    const before = await runCount();
    const result = cli('run', path.join(dir, 'draws.ipynb'), '--seed', '-1');
    expect(result.stderr).toContain('--seed');
    expect(result.status).not.toBe(0);
    expect(await runCount()).toBe(before);
  });

  test('reproducing a batch run with a random seed and a %param given with -p: exit 0, exact, kept on both runs', () => {
    const original = run('draws.ipynb', '-p', 'steps=3');
    const result = cli('runs', 'reproduce', original.slice(0, 10));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^run \w{8} reproduced exactly by run (\w{8}) \(seed \d+\)/);
    expect(result.stdout).toContain('metrics:     6 points compared, 6 bitwise equal');
    const reproduction = show(/by run (\w{8})/.exec(result.stdout)![1]);
    expect(reproduction.params.steps).toEqual({ type: 'number', value: 3 });
    expect(reproduction.params.label.value).toBe('plain'); // a JSON string: given back as JSON
    expect(reproduction.seed).toBe(show(original).seed);
    expect(reproduction.tags).toMatchObject({ 'mlnb.reproduces': original, 'mlnb.reproduced': 'exact' });
    expect(show(original).tags).toMatchObject({
      'mlnb.reproduced': 'exact',
      'mlnb.reproduced_by': reproduction.id,
      'mlnb.reproduced_differing_metrics': '0'
    });
    const report = reproduction.artifacts.find((a: { path: string }) => a.path.endsWith('reproduction.json'));
    expect(report).toBeDefined();
  });

  test('within --tolerance: relative differences under it pass (exit 0), over it fail (exit 1), listed with --json', () => {
    // What the environment gives is not seeded: a nudge through it stands for another backend's rounding.
    writeNotebook(dir, 'nudge.ipynb', [
      code('log', 'mlnb.log({ value: 1 + Number(process.env.NUDGE ?? 0), fixed: 2 });')
    ]);
    const original = run('nudge.ipynb');
    const nudged = (nudge: string, ...args: string[]) =>
      runCli(['runs', 'reproduce', original, ...args], { cwd: dir, env: { ...env(), NUDGE: nudge } });
    const within = nudged('1e-9', '--tolerance', '1e-6');
    expect(within.status).toBe(0);
    expect(within.stdout).toMatch(/^run \w{8} reproduced within a relative 0\.000001 by run \w{8}/);
    expect(within.stdout).toMatch(/value step 0: 1 → 1\.000000001 \(relative 1\.00e-9\)/);
    expect(show(original).tags['mlnb.reproduced']).toBe('within');

    const beyond = nudged('1e-3', '--tolerance', '1e-6', '--json');
    expect(beyond.status).toBe(1);
    const report = JSON.parse(beyond.stdout);
    expect(report).toMatchObject({ original, verdict: 'differs', tolerance: 1e-6, failure: null });
    expect(report.metrics).toMatchObject({ points: 2, exact: 1, differing: ['value'] });
    expect(report.metrics.deltas).toEqual([
      { key: 'value', step: 0, original: 1, reproduced: 1.001, relative: expect.closeTo(0.001 / 1.001, 12) }
    ]);
    expect(show(original).tags).toMatchObject({
      'mlnb.reproduced': 'differs',
      'mlnb.reproduced_by': report.reproduction,
      'mlnb.reproduced_differing_metrics': '1'
    });
    expect(show(report.reproduction).tags['mlnb.reproduced']).toBe('differs');
  });

  test('an input file that changed is refused before anything runs, naming the catalog version that holds it', async () => {
    fs.copyFileSync(path.join(dir, 'numbers.csv'), path.join(dir, 'archive', 'numbers-v1.csv'));
    expect(
      cli('datasets', 'register', path.join(dir, 'archive', 'numbers-v1.csv'), '--name', 'numbers').status
    ).toBe(0);
    const original = run('data.ipynb');
    expect(show(original).dataRefs[0]).toMatchObject({ dataset: 'numbers@1', role: 'input' });
    const before = await runCount();
    fs.writeFileSync(path.join(dir, 'numbers.csv'), 'x\n1\n2\n4\n');
    try {
      const changed = cli('runs', 'reproduce', original);
      expect(changed.status).toBe(2);
      expect(changed.stderr).toMatch(
        new RegExp(
          `numbers\\.csv changed since run ${original.slice(0, 8)}: sha256 \\w{12}… ≠ recorded \\w{12}…; ` +
            'the catalog still holds that content as numbers@1 \\(.*numbers-v1\\.csv\\)'
        )
      );
      fs.rmSync(path.join(dir, 'numbers.csv'));
      const gone = cli('runs', 'reproduce', original);
      expect(gone.status).toBe(2);
      expect(gone.stderr).toContain(`numbers.csv is gone since run ${original.slice(0, 8)} read it`);
      expect(await runCount()).toBe(before);
      expect(show(original).tags['mlnb.reproduced']).toBeUndefined();
    } finally {
      fs.copyFileSync(path.join(dir, 'archive', 'numbers-v1.csv'), path.join(dir, 'numbers.csv'));
    }
    expect(cli('runs', 'reproduce', original).status).toBe(0);
  });

  test('a catalog load by bare name reproduces with the version the run loaded, not one registered since', () => {
    fs.writeFileSync(path.join(dir, 'archive', 'prices-1.json'), '[{"p": 1}, {"p": 2}]');
    fs.writeFileSync(path.join(dir, 'archive', 'prices-2.json'), '[{"p": 5}]');
    expect(
      cli('datasets', 'register', path.join(dir, 'archive', 'prices-1.json'), '--name', 'prices').status
    ).toBe(0);
    writeNotebook(dir, 'prices.ipynb', [
      code(
        'load',
        "%dataset load prices as df\nmlnb.log({ total: (df.column('p').values as number[]).reduce((a, b) => a + b, 0) });"
      )
    ]);
    const original = run('prices.ipynb');
    expect(show(original).dataRefs[0]).toMatchObject({ dataset: 'prices@1', role: 'input' });
    expect(
      cli('datasets', 'register', path.join(dir, 'archive', 'prices-2.json'), '--name', 'prices').status
    ).toBe(0);
    const result = cli('runs', 'reproduce', original, '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.verdict).toBe('exact');
    expect(show(report.reproduction).dataRefs[0]).toMatchObject({ dataset: 'prices@1' });
  });

  test('another version of an imported package makes the numbers differ and is named as the likely cause', () => {
    const pkg = path.join(dir, 'node_modules', 'noise');
    const write = (version: string, factor: number) => {
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({ name: 'noise', version, main: 'index.js' })
      );
      fs.writeFileSync(path.join(pkg, 'index.js'), `exports.noise = () => ${factor} * Math.random();`);
    };
    write('1.0.0', 1);
    writeNotebook(dir, 'noise.ipynb', [
      code('use', "import { noise } from 'noise';\nmlnb.log({ noise: noise() });")
    ]);
    const original = run('noise.ipynb');
    expect(show(original).environment.packages).toMatchObject({ noise: '1.0.0' });
    write('2.0.0', 2);
    const result = cli('runs', 'reproduce', original);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('likely causes: package noise 1.0.0 → 2.0.0');
  });

  test('bad input: an unknown id, a run still running, a run without captured cells (exit 2, nothing changed)', async () => {
    const store = await openStore({ env: env() });
    const ids = { running: 'a'.repeat(32), empty: 'b'.repeat(32) };
    const environment = captureStaticEnvironment();
    try {
      for (const id of Object.values(ids)) {
        await store.runs.create(
          newRun({ id, experiment: 'draws.ipynb', source: 'interactive', environment })
        );
      }
      await store.runs.update(ids.empty, { status: 'finished', endTime: Date.now() });
    } finally {
      await store.close();
    }
    const before = await runCount();
    const unknown = cli('runs', 'reproduce', 'f'.repeat(32));
    expect([unknown.status, unknown.stderr]).toEqual([
      2,
      expect.stringContaining(`no run has the id ${'f'.repeat(32)}`)
    ]);
    const running = cli('runs', 'reproduce', ids.running);
    expect([running.status, running.stderr]).toEqual([2, expect.stringContaining('is still running')]);
    const empty = cli('runs', 'reproduce', ids.empty);
    expect([empty.status, empty.stderr]).toEqual([2, expect.stringContaining('has no captured cells')]);
    expect(cli('runs', 'reproduce').status).toBe(2);
    const badTolerance = cli('runs', 'reproduce', ids.empty, '--tolerance', 'x');
    expect([badTolerance.status, badTolerance.stderr]).toEqual([
      2,
      expect.stringContaining('--tolerance "x": a relative tolerance')
    ]);
    expect(cli('runs', 'reproduce', ids.empty, '--timeout', '0').status).toBe(2);
    expect(cli('runs', 'reproduce', '--sample', '1.5').status).toBe(2);
    expect(await runCount()).toBe(before);
  });

  test('a reproduction that outlasts --timeout is stopped: exit 2, and the original is left as it was', async () => {
    writeNotebook(dir, 'slow.ipynb', [
      code('wait', 'await new Promise(resolve => setTimeout(resolve, 4000));')
    ]);
    const original = run('slow.ipynb');
    const result = cli('runs', 'reproduce', original, '--timeout', '1');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /timed out after 1 s \(recorded as run \w{8}; give --timeout to wait longer\)/
    );
    expect(show(original).tags).toEqual({});
  });

  test('an interactive run whose cells ran out of order, on the real kernel, reproduces exactly', () => {
    const results = talkToKernel(
      [
        { type: 'execute', code: '%seed 11', cellId: 'seed' },
        { type: 'execute', code: 'const scale = 100;', cellId: 'scale' },
        { type: 'execute', code: 'mlnb.log({ drawn: scale * Math.random() });', cellId: 'draw' },
        { type: 'execute', code: 'mlnb.log({ other: Math.random() });', cellId: 'other' },
        { type: 'execute', code: 'mlnb.log({ drawn: scale * Math.random() });', cellId: 'draw' },
        { type: 'execute', code: 'mlnb.log({ drawn: scale * Math.random() });', cellId: 'draw' }
      ],
      { cwd: dir, env: env() }
    );
    expect(results.map(r => r.reply.status)).toEqual(Array(6).fill('ok'));
    const interactive = JSON.parse(cli('runs', 'list', '--json').stdout).find(
      (r: { source: string }) => r.source === 'interactive' && r.status === 'finished'
    );
    expect(show(interactive.id).seed).toBe(11);
    const result = cli('runs', 'reproduce', interactive.id, '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ verdict: 'exact', metrics: { points: 4, exact: 4, deltas: [] } });
  });

  test('--sample N prints the reproducibility score of the sampled runs, with why each one failed', () => {
    const result = cli('runs', 'reproduce', '--sample', '50', '--experiment', 'data.ipynb', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      experiment: 'data.ipynb',
      sampled: 1,
      exact: 1,
      score: 1
    });
    fs.writeFileSync(path.join(dir, 'numbers.csv'), 'x\n9\n');
    try {
      const text = cli('runs', 'reproduce', '--sample', '50', '--experiment', 'data.ipynb');
      expect(text.status).toBe(1);
      expect(text.stdout).toMatch(
        /^reproducibility of data\.ipynb: 0 of 1 runs reproduced \(0%\): 0 exactly, 0 within tolerance, 0 differ, 1 could not be reproduced\n {2}\w{8} .*: numbers\.csv changed since run/
      );
    } finally {
      fs.copyFileSync(path.join(dir, 'archive', 'numbers-v1.csv'), path.join(dir, 'numbers.csv'));
    }
    const none = cli('runs', 'reproduce', '--sample', '3', '--experiment', 'nothing.ipynb');
    expect([none.status, none.stderr]).toEqual([
      2,
      expect.stringContaining('no finished run of nothing.ipynb')
    ]);
  });
});
