import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { MLNB_BIN, runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { expectValidRun, readRuns } from './helpers/store';

const TRAIN = [
  code('params', "const epochs = 3;\nconst label = 'baseline';\nconst layers = [8, 4];", ['parameters']),
  code('magic', '%param lr: number = 0.01'),
  code(
    'train',
    "require('fs').writeFileSync('ran.txt', 'yes');\nfor (let e = 0; e < epochs; e++) mlnb.log({ loss: lr / (e + 1) });\nconsole.log(`trained ${label} ${layers.length}`);"
  )
];

describe('mlnb run', () => {
  let dir: string;
  let storeFile: string;
  const env = () => ({ MLNB_STORE: storeFile });

  beforeEach(() => {
    dir = tempDir();
    storeFile = path.join(dir, 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs the notebook with typed -p values injected after the parameters cell and prints the run id', async () => {
    const nb = writeNotebook(dir, 'train.ipynb', TRAIN);
    const out = path.join(dir, 'out', 'train.out.ipynb');
    const result = runCli(
      ['run', nb, '-p', 'epochs=5', '-p', 'label=tuned', '-p', 'lr=0.5', '-p', 'layers=[16,8,4]', '-o', out],
      { env: env() }
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const runId = result.stdout.trim();

    const executed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(executed.cells[1].metadata.tags).toEqual(['injected-parameters']);
    expect(executed.cells[1].source).toContain('const epochs = 5;');
    expect(executed.cells[3].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'trained tuned 3\n' }
    ]);
    expect(executed.metadata.mlnb).toMatchObject({ runId, status: 'finished' });

    const [run] = await readRuns(storeFile);
    expect(run).toMatchObject({ id: runId, source: 'batch', status: 'finished', experiment: nb });
    expect(run.params).toEqual({
      epochs: { type: 'number', value: 5 },
      label: { type: 'string', value: 'tuned' },
      layers: { type: 'json', value: [16, 8, 4] },
      lr: { type: 'number', value: 0.5 }
    });
    expect(run.metrics.loss.map(p => p.value)).toEqual([0.5, 0.25, 0.5 / 3, 0.125, 0.1]);
    expect(run.artifacts.map(a => a.kind)).toContain('notebook');
    expectValidRun(run);
  });

  test.each([
    [['-p', 'epochs=many'], '-p epochs=many: "epochs" is a number parameter (e.g. epochs=3).'],
    [
      ['-p', 'dropout=0.2'],
      '-p dropout: the notebook declares no parameter "dropout". Its parameters: epochs, label, layers, lr.'
    ],
    [['-p', 'epochs'], '-p epochs: a parameter is given as name=value'],
    [['-p', 'layers=[1,'], '"layers" is a json parameter']
  ])('refuses %j before anything executes, with exit code 2', (args, message) => {
    const nb = writeNotebook(dir, 'train.ipynb', TRAIN);
    const out = path.join(dir, 'out.ipynb');
    const result = runCli(['run', nb, ...args, '-o', out], { env: env() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(storeFile)).toBe(false);
  });

  test("without -p the run records the parameters cell's values, and %param ones as they run", async () => {
    const nb = writeNotebook(dir, 'train.ipynb', TRAIN);
    const result = runCli(['run', nb], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [run] = await readRuns(storeFile);
    expect(run.params).toEqual({
      epochs: { type: 'number', value: 3 },
      label: { type: 'string', value: 'baseline' },
      layers: { type: 'json', value: [8, 4] },
      lr: { type: 'number', value: 0.01 }
    });
  });

  test('runs give the same notebook without, with and with a corrupt TypeScript code cache', () => {
    const nb = writeNotebook(dir, 'train.ipynb', TRAIN);
    const cacheEnv = { ...env(), XDG_CACHE_HOME: path.join(dir, 'cache') };
    const cacheDir = path.join(dir, 'cache', 'mlnb', 'code-cache');
    const executed = (...params: string[]) => {
      const out = path.join(dir, 'out.ipynb');
      const result = runCli(['run', nb, ...params, '-o', out], { env: cacheEnv });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const notebook = JSON.parse(fs.readFileSync(out, 'utf8'));
      delete notebook.metadata.mlnb.runId;
      return notebook;
    };
    const withoutCache = executed();
    const [cache] = fs.readdirSync(cacheDir);
    expect(cache).toMatch(/^typescript-[0-9a-f]+-[0-9a-f]+\.bin$/);
    expect(executed()).toEqual(withoutCache);
    fs.writeFileSync(path.join(cacheDir, cache), 'corrupt');
    expect(executed()).toEqual(withoutCache);
    expect(fs.statSync(path.join(cacheDir, cache)).size).toBeGreaterThan(1000);
    // With -p the parent reads the parameters cell too: its own cache (its flags differ).
    const given = executed('-p', 'epochs=5');
    expect(fs.readdirSync(cacheDir)).toHaveLength(2);
    expect(executed('-p', 'epochs=5')).toEqual(given);
  });

  test('no runner process outlives `mlnb run`', () => {
    const nb = writeNotebook(dir, 'pid.ipynb', [
      code('a', "require('fs').writeFileSync('pid.txt', String(process.pid));")
    ]);
    const result = runCli(['run', nb], { env: env() });
    expect(result.status).toBe(0);
    const pid = Number(fs.readFileSync(path.join(dir, 'pid.txt'), 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  test('the run ends with its last cell, like papermill: a timer a cell left running does not keep it open', async () => {
    const nb = writeNotebook(dir, 'timer.ipynb', [
      code('a', "setInterval(() => require('fs').appendFileSync('ticks.txt', '.'), 50);"),
      code('b', "await new Promise(r => setTimeout(r, 200));\nconsole.log('last cell');")
    ]);
    const out = path.join(dir, 'timer.out.ipynb');
    const result = runCli(['run', nb, '-o', out], { env: env() }); // 60 s limit: a hang fails here
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    const executed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(executed.cells[1].outputs[0].text).toBe('last cell\n');
    const [run] = await readRuns(storeFile);
    expect(run.status).toBe('finished');
  });

  test('a notebook on another kernel is refused with exit code 2', () => {
    const nb = writeNotebook(dir, 'py.ipynb', [code('a', 'print(1)')], 'python3');
    const result = runCli(['run', nb], { env: env() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('runs on the kernel "python3", not "mlnb"');
  });

  test('a failing cell fails the run (exit 1), and the output notebook shows the error and what did not run', async () => {
    const nb = writeNotebook(dir, 'bad.ipynb', [
      code('a', 'const ok = 1;'),
      code('b', 'throw new RangeError("bad split")'),
      code('c', "require('fs').writeFileSync('after.txt', '')")
    ]);
    const out = path.join(dir, 'bad.out.ipynb');
    const result = runCli(['run', nb, '-o', out], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad split');
    const executed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(executed.cells.map((c: any) => c.metadata.mlnb.status)).toEqual(['ok', 'error', 'not-run']);
    expect(executed.cells[1].outputs.at(-1)).toMatchObject({ output_type: 'error', ename: 'RangeError' });
    expect(fs.existsSync(path.join(dir, 'after.txt'))).toBe(false);
    const [run] = await readRuns(storeFile);
    expect(run.status).toBe('failed');
    expect(run.tags['mlnb.failure']).toContain('bad split');
  });

  test('--timeout kills the run, marks it failed and still writes the output notebook', async () => {
    const nb = writeNotebook(dir, 'slow.ipynb', [
      code('a', 'await new Promise(r => setTimeout(r, 60_000));')
    ]);
    const out = path.join(dir, 'slow.out.ipynb');
    const result = runCli(['run', nb, '--timeout', '2', '-o', out], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('timed out after 2 s');
    const executed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(executed.cells[0].outputs.at(-1)).toMatchObject({
      output_type: 'error',
      evalue: 'timed out after 2 s'
    });
    const [run] = await readRuns(storeFile);
    expect(run).toMatchObject({ status: 'failed', tags: { 'mlnb.failure': 'timed out after 2 s' } });
  });

  test('kill -9 of a runner mid-cell: the run ends killed and the store stays intact', async () => {
    const nb = writeNotebook(dir, 'hang.ipynb', [
      code(
        'a',
        "mlnb.log({ progress: 1 });\nrequire('fs').writeFileSync('started.txt', '');\nawait new Promise(r => setTimeout(r, 60_000));"
      )
    ]);
    const runner = spawn(process.execPath, [MLNB_BIN, 'run', nb], { env: { ...process.env, ...env() } });
    await eventually(() => fs.existsSync(path.join(dir, 'started.txt')));
    runner.kill('SIGKILL');
    // The next process to open the store marks the orphaned run, once its process is gone.
    await eventually(async () => (await readRuns(storeFile))[0]?.status === 'killed');
    const [run] = await readRuns(storeFile);
    expect(run.cells[0]).toMatchObject({ status: 'error', error: 'the process died while the cell ran' });
    const db = new Database(storeFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  test('8 concurrent runs are all recorded, none lost or mixed', async () => {
    const nb = writeNotebook(dir, 'seed.ipynb', [
      code('p', 'const seed = 0;', ['parameters']),
      code('a', 'for (let i = 0; i < 50; i++) mlnb.log({ seed_metric: seed * 1000 + i });')
    ]);
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, seed) => runAsync(['run', nb, '-p', `seed=${seed}`], env()))
    );
    const runs = await readRuns(storeFile);
    expect(new Set(ids).size).toBe(8);
    expect(runs).toHaveLength(8);
    for (const run of runs) {
      const seed = run.params.seed.value as number;
      expect(run.status).toBe('finished');
      expect(run.metrics.seed_metric.map(p => p.value)).toEqual(
        Array.from({ length: 50 }, (_, i) => seed * 1000 + i)
      );
    }
  });
});

function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MLNB_BIN, ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('close', status =>
      status === 0 ? resolve(out.trim()) : reject(new Error(`exit ${status}: ${err}`))
    );
  });
}

/** Waits until `condition` holds, checking every 100 ms, for at most 30 s. */
async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (await condition()) {
      return;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('condition not met within 30 s');
}
