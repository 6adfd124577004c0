import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MLNB_BIN, REPO_ROOT, runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';

/** `mlnb run` in a real pseudo-terminal (util-linux `script`): what a person sees, stdout and stderr. */
function runInTerminal(args: string[], env: NodeJS.ProcessEnv): { status: number | null; text: string } {
  const command = [process.execPath, MLNB_BIN, ...args].map(a => `'${a}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000
  });
  return { status: result.status, text: result.stdout };
}

describe('mlnb run progress and --log-output', () => {
  let dir: string;
  let nb: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = tempDir();
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    env = { MLNB_STORE: path.join(dir, 'store.db') };
    nb = writeNotebook(dir, 'train.ipynb', [
      code('hello', "console.log('hello from cell 1');"),
      code(
        'fit',
        "import * as tf from '@tensorflow/tfjs';\n" +
          'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });\n' +
          "model.compile({ loss: 'meanSquaredError', optimizer: 'sgd' });\n" +
          'await model.fit(tf.tensor2d([[1], [2]]), tf.tensor2d([[2], [4]]), { epochs: 4, verbose: 0 });\n' +
          "console.log('trained');"
      )
    ]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('on a terminal, stderr shows cells done of total, the running cell, elapsed time and tfjs epochs', () => {
    const { status, text } = runInTerminal(['run', nb], env);
    expect(status).toBe(0);
    const lines = text.split(/\r|\n/).map(l => l.replace('\x1b[K', ''));
    expect(lines).toContainEqual(
      expect.stringMatching(/^Executing: 0% 0\/2 cells \| 0:\d\d \| cell 1: console\.log/)
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^Executing: 50% 1\/2 cells \| 0:\d\d \| epoch 4\/4 \| cell 2: import \* as tf/)
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Executed 2\/2 cells in 0:\d\d$/));
    expect(lines).not.toContain('hello from cell 1'); // the output itself only with --log-output
  });

  test('--quiet on a terminal prints only the run id', () => {
    const { status, text } = runInTerminal(['run', nb, '--quiet'], env);
    expect(status).toBe(0);
    expect(text.trim()).toMatch(/^[0-9a-f]{32}$/);
  });

  test('off a terminal it stays silent; --log-output streams the cells and their output to stderr', () => {
    const silent = runCli(['run', nb], { env });
    expect(silent.status).toBe(0);
    expect(silent.stderr).toBe('');
    const logged = runCli(['run', nb, '--log-output'], { env });
    expect(logged.status).toBe(0);
    expect(logged.stderr).toBe('Executing cell 1 of 2\nhello from cell 1\nExecuting cell 2 of 2\ntrained\n');
    expect(logged.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
  });
});
