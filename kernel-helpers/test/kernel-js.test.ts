import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './helpers/env';
import { KERNEL_ARGV, talkToKernel, textOf } from './helpers/kernel';
import { code, writeNotebook } from './helpers/notebooks';
import { readRuns } from './helpers/store';

/** The "JavaScript (mlnb)" kernel: tslab's JavaScript mode with mlnb's magics, API and capture. */
describe('the JavaScript (mlnb) kernel', () => {
  let dir: string;
  let storeFile: string;

  beforeAll(() => {
    dir = tempDir();
    storeFile = path.join(dir, 'store.db');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('interactively: JavaScript cells, magics, the API and clear_output, recorded as a run', async () => {
    const results = talkToKernel(
      [
        { type: 'kernel_info' },
        // Untyped JavaScript: TypeScript would refuse a property added to `{}`.
        { type: 'execute', code: 'const config = {};\nconfig.rate = 0.5;\nconfig.rate * 4' },
        { type: 'execute', code: '%param epochs: number = 3\nepochs + 1' },
        {
          type: 'execute',
          code: 'for (let e = 0; e < epochs; e++) mlnb.log({ loss: 0.5 / (e + 1) });'
        },
        { type: 'execute', code: "console.log('old');\nmlnb.clearOutput(true);\nconsole.log('new');" }
      ],
      { cwd: dir, env: { MLNB_STORE: storeFile }, argv: [...KERNEL_ARGV, '--kernel', 'mlnb-js'] }
    );
    const info = results[0].reply;
    expect(info.implementation).toBe('mlnb');
    expect(info.language_info.name).toBe('javascript');
    expect(info.banner).toMatch(/^JavaScript \(mlnb /);
    expect(results.slice(1).map(r => r.reply.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(textOf(results[1]).trim()).toBe('2');
    expect(textOf(results[2]).trim()).toBe('4');
    expect(results[4].outputs.map(o => [o.type, o.content.text ?? o.content.wait])).toEqual([
      ['stream', 'old\n'],
      ['clear_output', true],
      ['stream', 'new\n']
    ]);
    const [run] = await readRuns(storeFile);
    expect(run.source).toBe('interactive');
    expect(run.tags['mlnb.kernel']).toBe('mlnb-js'); // a re-run rebuilds it as JavaScript
    expect(run.params.epochs).toEqual({ type: 'number', value: 3 });
    expect(run.metrics.loss.map(p => p.value)).toEqual([0.5, 0.25, 0.5 / 3]);
    expect(run.cells.map(c => c.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  test('headless: mlnb run executes a JavaScript notebook with -p, as a tracked run', async () => {
    const store = path.join(dir, 'batch.db');
    const nb = writeNotebook(
      dir,
      'script.ipynb',
      [
        code('params', 'const epochs = 2;', ['parameters']),
        code(
          'train',
          "const seen = {};\nseen.count = epochs;\nmlnb.log({ seen: seen.count });\nconsole.log('epochs', seen.count);"
        )
      ],
      'mlnb-js'
    );
    const out = path.join(dir, 'script.out.ipynb');
    const result = runCli(['run', nb, '-p', 'epochs=5', '-o', out], { env: { MLNB_STORE: store } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const executed = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(executed.metadata.kernelspec.name).toBe('mlnb-js');
    expect(executed.cells[2].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'epochs 5\n' }
    ]);
    const [run] = await readRuns(store);
    expect(run).toMatchObject({
      id: result.stdout.trim(),
      status: 'finished',
      tags: { 'mlnb.kernel': 'mlnb-js' }
    });
    expect(run.metrics.seen.map(p => p.value)).toEqual([5]);
  });
});
