import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import type { PipelineRun } from '../src/store/pipelines/types';
import { expectUsageError, MLNB_BIN, projectDir, runCli } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { writeThreeSteps } from './helpers/pipelines';

/** `mlnb pipelines` end to end: real `mlnb run` children, a real SQLite store in a workspace. */
describe('mlnb pipelines (CLI end to end)', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
  const withStore = async <T>(use: (store: Store) => Promise<T>) => {
    const store = await openStore({ cwd: dir, env: {} });
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  };
  const runJson = (result: ReturnType<typeof cli>) => JSON.parse(result.stdout) as PipelineRun;
  const stepRun = (run: PipelineRun, step: string) => run.steps.find(s => s.step === step)!;

  beforeAll(() => {
    dir = projectDir();
    writeThreeSteps(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('bad input is refused with the names and exit code 2, and nothing is stored', () => {
    writeNotebook(dir, 'python.ipynb', [code('a', 'print(1)')], 'python3');
    const cases: [string[], RegExp][] = [
      [
        ['nightly', 'ingest.ipynb', 'features.ipynb', '--after', 'ingest:features'],
        /cycle: (ingest → features → ingest|features → ingest → features)/
      ],
      [
        ['nightly', 'features.ipynb'],
        /"features" loads the dataset "raw", which no step registers and the catalog lacks/
      ],
      [['nightly', 'ingest.ipynb', 'python.ipynb'], /python\.ipynb runs on the kernel "python3"/],
      [['nightly', 'ingest.ipynb', '-p', 'scoring.rows=3'], /no step "scoring" \(its steps: ingest\)/],
      [['nightly', 'ingest.ipynb', '--on-new-version', 'ghost'], /no dataset named "ghost"/]
    ];
    for (const [args, message] of cases) {
      expectUsageError(cli('pipelines', 'create', ...args), message);
    }
    expect(JSON.parse(cli('pipelines', 'list', '--json').stdout)).toEqual([]);
    expect(JSON.parse(cli('jobs', 'list', '--json').stdout)).toEqual([]);
  });

  test('a three-step pipeline from a pipeline file runs as one parent with a tracked run per step and lineage across the steps', async () => {
    fs.writeFileSync(
      path.join(dir, 'nightly.pipeline.yaml'),
      [
        'name: nightly',
        'steps:',
        '  - notebook: ingest.ipynb',
        '    params: { rows: 4 }',
        '  - notebook: features.ipynb',
        '  - notebook: score.ipynb',
        ''
      ].join('\n')
    );
    const created = cli('pipelines', 'create', '--file', 'nightly.pipeline.yaml', '--json');
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout).steps.map((s: { name: string }) => s.name)).toEqual([
      'ingest',
      'features',
      'score'
    ]);
    const shown = cli('pipelines', 'show', 'nightly');
    expect(shown.stdout).toMatch(/features {2}features\.ipynb\n {4}after: {6}ingest \(dataset raw\)/);
    expect(shown.stdout).toMatch(/ingest {2}\S*ingest\.ipynb\n(.*\n){3} {4}params: {5}rows=4\n/);
    expect(shown.stdout).toMatch(/score\.ipynb\n(.*\n){3} {4}params: {5}the notebook's defaults/);
    expect(JSON.parse(cli('pipelines', 'show', 'nightly', '--json').stdout).parameters).toEqual({
      ingest: { rows: { type: 'number', value: 4 } },
      features: {},
      score: {}
    });

    const result = cli('pipelines', 'run', 'nightly', '--json');
    expect(result.status).toBe(0);
    const run = runJson(result);
    expect(run.steps.map(s => [s.step, s.status])).toEqual([
      ['ingest', 'succeeded'],
      ['features', 'succeeded'],
      ['score', 'succeeded']
    ]);
    await withStore(async store => {
      const runs = await Promise.all(run.steps.map(async s => (await store.runs.get(s.runId!))!));
      for (const [i, stepRunRecord] of runs.entries()) {
        expect(stepRunRecord.status).toBe('finished');
        expect(stepRunRecord.tags).toMatchObject({
          'mlnb.pipeline': 'nightly',
          'mlnb.pipeline.run': run.id,
          'mlnb.pipeline.step': run.steps[i].step
        });
      }
      const [ingest, features, score] = runs;
      const outputs = (r: typeof ingest) => r.dataRefs.filter(d => d.role === 'output').map(d => d.dataset);
      const inputs = (r: typeof ingest) => r.dataRefs.filter(d => d.role === 'input').map(d => d.dataset);
      expect(outputs(ingest)).toEqual(['raw@1']);
      expect(inputs(features)).toEqual(['raw@1']);
      expect(outputs(features)).toEqual(['features@1']);
      expect(inputs(score)).toEqual(['features@1']);
      expect(score.metrics.rows.at(-1)!.value).toBe(4);
      expect(stepRun(run, 'ingest').outputs).toEqual({ raw: 1 });
    });
  });

  test('a failing middle step stops the last; resume finishes the run with the first step’s outputs, not newer ones', async () => {
    fs.writeFileSync(path.join(dir, 'fail-features'), '');
    const result = cli('pipelines', 'run', 'nightly', '--json');
    expect(result.status).toBe(1);
    const run = runJson(result);
    expect(run.steps.map(s => s.status)).toEqual(['succeeded', 'failed', 'stopped']);
    expect(stepRun(run, 'features').error).toMatch(/features broke/);
    expect(result.stderr).toMatch(/the run failed at features/);
    // The same rows again are the same version; then another version of raw arrives meanwhile.
    expect(stepRun(run, 'ingest').outputs).toEqual({ raw: 1 });
    fs.writeFileSync(path.join(dir, 'raw.csv'), 'x,y\n9,9\n');
    expect(cli('datasets', 'register', 'raw.csv', '--name', 'raw').status).toBe(0);

    fs.rmSync(path.join(dir, 'fail-features'));
    const resumed = cli('pipelines', 'resume', 'nightly', '--json');
    expect(resumed.stderr).not.toMatch(/failed/);
    expect(resumed.status).toBe(0);
    const after = runJson(resumed);
    expect(after.id).toBe(run.id);
    expect(after.status).toBe('succeeded');
    expect(stepRun(after, 'ingest').runId).toBe(stepRun(run, 'ingest').runId); // not run again
    await withStore(async store => {
      const features = (await store.runs.get(stepRun(after, 'features').runId!))!;
      expect(features.dataRefs.filter(d => d.role === 'input').map(d => d.dataset)).toEqual(['raw@1']);
    });
    const again = cli('pipelines', 'resume', 'nightly');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/nothing to resume/);
  });

  test('a run whose runner was killed with SIGKILL is failed by show, with the reason, and resume finishes it', async () => {
    // The step waits for a file, so the runner is surely killed while it runs.
    writeNotebook(dir, 'held.ipynb', [
      code(
        'w',
        "const fs = require('fs');\nwhile (!fs.existsSync('release')) await new Promise(r => setTimeout(r, 50));"
      )
    ]);
    expect(cli('pipelines', 'create', 'held', 'held.ipynb').status).toBe(0);
    // Its own process group, so that the kill takes the step's `mlnb run` child too.
    const runner = spawn(process.execPath, [MLNB_BIN, 'pipelines', 'run', 'held'], {
      cwd: dir,
      env: { ...process.env, MLNB_STORE: '' },
      detached: true,
      stdio: 'ignore'
    });
    const exited = new Promise(resolve => runner.once('exit', (_code, signal) => resolve(signal)));
    const heldRun = async () =>
      withStore(async store => (await store.pipelines.runs((await store.pipelines.get('held'))!.id, 1))[0]);
    const until = Date.now() + 30_000;
    while ((await heldRun())?.steps[0].status !== 'running') {
      expect(Date.now()).toBeLessThan(until);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    process.kill(-runner.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect((await heldRun()).status).toBe('running'); // nobody has looked yet

    const shown = JSON.parse(cli('pipelines', 'show', 'held', '--json').stdout) as { runs: PipelineRun[] };
    const [run] = shown.runs;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(
      new RegExp(`the pipeline runner \\(pid ${runner.pid} on .+\\) stopped while the run was under way`)
    );
    expect(stepRun(run, 'held')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/stopped while this step ran/)
    });

    fs.writeFileSync(path.join(dir, 'release'), '');
    const resumed = cli('pipelines', 'resume', 'held', '--json');
    expect(resumed.status).toBe(0);
    const after = runJson(resumed);
    expect([after.id, after.status, after.error]).toEqual([run.id, 'succeeded', null]);
  });
});
