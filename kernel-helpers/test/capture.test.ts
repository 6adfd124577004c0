import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../src/store/runs/types';
import { tempDir, withTempDir } from './helpers/env';
import { talkToKernel, textOf } from './helpers/kernel';
import { expectValidRun, readRuns } from './helpers/store';

// The saved notebook: its c1 cell is the parameters cell (JupyterLab sends ids, not tags).
const NOTEBOOK = JSON.stringify({
  cells: [{ id: 'c1', cell_type: 'code', metadata: { tags: ['parameters'] }, source: '' }]
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ana', '-c', 'user.email=ana@example.com', ...args], {
    cwd,
    encoding: 'utf8'
  }).trim();
}

describe('a kernel session in a git repository with an uncommitted change', () => {
  let repo: string;
  let storeFile: string;
  let run: RunRecord;
  let results: ReturnType<typeof talkToKernel>;
  let head: string;

  beforeAll(async () => {
    repo = tempDir();
    git(repo, 'init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'notebooks'));
    fs.writeFileSync(path.join(repo, 'notebooks', 'train.ipynb'), NOTEBOOK);
    fs.writeFileSync(path.join(repo, 'prep.ts'), 'export const scale = 1;\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    git(repo, 'remote', 'add', 'origin', 'https://ana:s3cret@git.example.com/team/models.git');
    head = git(repo, 'rev-parse', 'HEAD');
    fs.writeFileSync(path.join(repo, 'prep.ts'), 'export const scale = 2;\n'); // the uncommitted change
    fs.mkdirSync(path.join(repo, '.mlnb'));
    storeFile = path.join(repo, '.mlnb', 'store.db');

    // Cells run out of order, as people do: c2, then c1, then c2 again.
    results = talkToKernel(
      [
        { type: 'execute', cellId: 'c1', code: 'const epochs = 3;' },
        { type: 'execute', cellId: 'c2', code: 'const report = { epochs, rate: 0.5 };\nreport' },
        { type: 'execute', cellId: 'c1', code: 'const epochs = 7;' },
        { type: 'execute', cellId: 'c2', code: 'const report = { epochs, rate: 0.5 };\nreport' },
        {
          type: 'execute',
          cellId: 'c3',
          code: '%param lr: number = 0.05\n%run tag team=fraud\nfor (const loss of [0.9, 0.5, 0.2]) mlnb.log({ loss });\n%log acc 0.75'
        },
        { type: 'execute', cellId: 'c4', code: 'throw new Error("boom")' }
      ],
      {
        cwd: path.join(repo, 'notebooks'),
        env: { JPY_SESSION_NAME: path.join(repo, 'notebooks', 'train.ipynb'), MLNB_STORE: '' }
      }
    );
    [run] = await readRuns(storeFile);
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('the run is recorded in the workspace store, named after the notebook, and finished at shutdown', () => {
    expect(run.experiment).toBe('notebooks/train.ipynb');
    expect(run.source).toBe('interactive');
    expect(run.status).toBe('finished');
    expect(run.endTime).not.toBeNull();
    expectValidRun(run);
  });

  test('the commit, branch, origin (without credentials) and dirty flag are recorded', () => {
    expect(run.code.git).toMatchObject({
      commit: head,
      branch: 'main',
      remote: 'https://git.example.com/team/models.git',
      dirty: true
    });
  });

  test('the uncommitted diff is kept as an artifact', () => {
    const diffPath = run.code.git!.diffArtifact!;
    expect(run.artifacts).toContainEqual(expect.objectContaining({ path: diffPath, kind: 'diff' }));
    const diff = fs.readFileSync(path.join(repo, '.mlnb', 'artifacts', diffPath), 'utf8');
    expect(diff).toContain('-export const scale = 1;');
    expect(diff).toContain('+export const scale = 2;');
  });

  test('the notebook file is hashed', () => {
    expect(run.code.notebook).toEqual({
      path: 'notebooks/train.ipynb',
      sha256: createHash('sha256').update(NOTEBOOK).digest('hex')
    });
  });

  test('cells are recorded in the order they really ran, with their cell ids and counts', () => {
    expect(run.cells.map(c => [c.seq, c.cellId, c.executionCount])).toEqual([
      [1, 'c1', 1],
      [2, 'c2', 2],
      [3, 'c1', 3],
      [4, 'c2', 4],
      [5, 'c3', 5],
      [6, 'c4', 6]
    ]);
    expect(run.cells[2].source).toBe('const epochs = 7;');
  });

  test('a failing cell is recorded with its error', () => {
    expect(run.cells[5]).toMatchObject({ status: 'error' });
    expect(run.cells[5].error).toContain('boom');
    expect(run.cells.slice(0, 5).every(c => c.status === 'ok' && c.durationMs! >= 0)).toBe(true);
  });

  test('a shorthand property reads the variable from an earlier cell (the tslab trap)', () => {
    expect(results[1].reply.status).toBe('ok');
    expect(textOf(results[3])).toContain('epochs: 7');
  });

  test('%param, the parameters cell (by its id in the saved notebook), %run tag, mlnb.log and %log are recorded', () => {
    expect(run.params).toEqual({ lr: { type: 'number', value: 0.05 }, epochs: { type: 'number', value: 7 } });
    expect(run.tags).toEqual({ team: 'fraud' });
    expect(run.metrics.loss.map(p => [p.step, p.value])).toEqual([
      [0, 0.9],
      [1, 0.5],
      [2, 0.2]
    ]);
    expect(run.metrics.acc.map(p => p.value)).toEqual([0.75]);
  });

  test('the environment names the runtime and machine', () => {
    expect(run.environment.node).toBe(process.versions.node);
    expect(run.environment.tslab).toBe('1.0.22');
    expect(run.environment.cpu.cores).toBeGreaterThan(0);
    expect(run.user.length).toBeGreaterThan(0);
  });
});

describe('the notebook path the extension sends (the notebook was renamed)', () => {
  test('moves the current run to the new path and is neither executed nor recorded as a cell', () =>
    withTempDir(async dir => {
      fs.mkdirSync(path.join(dir, '.mlnb'));
      const results = talkToKernel(
        [
          { type: 'execute', code: 'const a = 1;' },
          { type: 'execute', code: '%mlnb-notebook work/renamed.ipynb', silent: true },
          { type: 'execute', code: 'a + 1' }
        ],
        { cwd: dir, env: { JPY_SESSION_NAME: path.join(dir, 'Untitled.ipynb'), MLNB_STORE: '' } }
      );
      expect(results[1].reply.status).toBe('ok');
      expect(textOf(results[2]).trim()).toBe('2');
      const [run] = await readRuns(path.join(dir, '.mlnb', 'store.db'));
      expect(run.experiment).toBe('renamed.ipynb');
      expect(run.name).toMatch(/^renamed \d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(run.code.notebook?.path).toBe('renamed.ipynb');
      expect(run.cells.map(c => c.source)).toEqual(['const a = 1;', 'a + 1']);
      expect(run.cells.map(c => c.executionCount)).toEqual([1, 2]);
    }));
});

describe('%run new and mlnb.run.new in the kernel', () => {
  test('start new runs, named, each with its own cells and metrics', () =>
    withTempDir(async dir => {
      const store = path.join(dir, 'store.db');
      const results = talkToKernel(
        [
          { type: 'execute', code: 'mlnb.log({ a: 1 });' },
          { type: 'execute', code: '%run new second try\nmlnb.log({ a: 2 });' },
          { type: 'execute', code: "const third = mlnb.run.new('third');\nmlnb.log({ a: 3 });\nthird.name" }
        ],
        { cwd: dir, env: { MLNB_STORE: store } }
      );
      expect(results.map(r => r.reply.status)).toEqual(['ok', 'ok', 'ok']);
      const runs = await readRuns(store);
      expect(runs.map(r => [r.name, r.status, r.metrics.a?.map(p => p.value)])).toEqual([
        ['third', 'finished', [3]],
        ['second try', 'finished', [2]],
        [expect.stringMatching(/^run /), 'finished', [1]]
      ]);
      // The cell that said %run new belongs to the run it started in, finished there.
      expect(runs[2].cells.map(c => c.status)).toEqual(['ok', 'ok']);
    }));
});
