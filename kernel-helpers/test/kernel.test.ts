import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDir, waitFor, withTempDir } from './helpers/env';
import { isProcessAlive } from '../src/store/engine/liveness';
import { abandonKernel, talkToKernel, textOf } from './helpers/kernel';
import { readRuns } from './helpers/store';

describe('the TypeScript (mlnb) kernel, over the Jupyter protocol', () => {
  let dir: string;
  let storeFile: string;
  let results: ReturnType<typeof talkToKernel>;
  const complete = 'const answer = 1;\n%mlnb\nmlnb.printI';

  beforeAll(() => {
    dir = tempDir();
    storeFile = path.join(dir, 'team', 'store.db');
    // One kernel process for all requests: starting one costs about a second.
    results = talkToKernel(
      [
        { type: 'kernel_info' },
        { type: 'execute', code: 'const x: number = 40 + 2; x' },
        { type: 'execute', code: '%mlnb' },
        { type: 'execute', code: '%nosuchmagic 1 2' },
        { type: 'execute', code: 'const y: number = "not a number";' },
        { type: 'execute', code: 'x + 1' },
        { type: 'complete', code: complete, cursor: complete.length },
        {
          type: 'execute',
          code: "mlnb.plot([{ type: 'bar', x: ['a', 'b'], y: [3, 5] }], { title: { text: 'Counts' } })"
        },
        {
          type: 'execute',
          code: "for (let i = 0; i < 3000; i++) console.log(i);\nmlnb.plot([{ type: 'bar', y: [1] }])"
        },
        { type: 'execute', code: 'x * 2' },
        { type: 'execute', code: "mlnb.log({ loss: 'high' })" }
      ],
      { cwd: dir, env: { MLNB_STORE: storeFile } }
    );
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('announces itself as the mlnb kernel for TypeScript', () => {
    const info = results[0].reply;
    expect(info.implementation).toBe('mlnb');
    expect(info.language_info.name).toBe('typescript');
  });

  test('runs a typed TypeScript cell and shows its value', () => {
    expect(results[1].reply.status).toBe('ok');
    expect(textOf(results[1]).trim()).toBe('42');
  });

  test('%mlnb prints the mlnb version and the store location', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(results[2].reply.status).toBe('ok');
    expect(textOf(results[2])).toContain(`mlnb ${version}`);
    expect(textOf(results[2])).toContain(storeFile);
  });

  test('an unknown magic fails the cell with a message naming the known magics', () => {
    expect(results[3].reply.status).toBe('error');
    expect(textOf(results[3])).toContain(
      'Unknown magic %nosuchmagic. Known magics: %%sql, %capture, %dataset, %hist, %log, %mlnb, %param, %run, %seed.'
    );
  });

  test('a type error fails the cell and the kernel keeps its state', () => {
    expect(results[4].reply.status).toBe('error');
    expect(textOf(results[4])).toContain("Type 'string' is not assignable to type 'number'");
    expect(textOf(results[5]).trim()).toBe('43');
  });

  test('completion knows the typed mlnb API, even below a magic line', () => {
    expect(results[6].reply.matches).toContain('printInfo');
    expect(results[6].reply.cursor_end).toBe(complete.length);
  });

  test("the mlnb API is typed in cells: a metric that is not a number is the cell's type error", () => {
    expect(results[10].reply.status).toBe('error');
    expect(textOf(results[10])).toContain("Type 'string' is not assignable to type 'number'");
  });

  test('mlnb.plot displays a Plotly figure as application/vnd.plotly.v1+json', () => {
    expect(results[7].reply.status).toBe('ok');
    const shown = results[7].outputs.find(o => o.type === 'display_data');
    const figure = JSON.parse(shown!.content.data['application/vnd.plotly.v1+json']);
    expect(figure).toEqual({
      data: [{ type: 'bar', x: ['a', 'b'], y: [3, 5] }],
      layout: { title: { text: 'Counts' } }
    });
  });

  test('a cell printing thousands of lines shows every line, in order, before its figure', () => {
    const [loop, next] = results.slice(8);
    expect(loop.reply.status).toBe('ok');
    const printed = loop.outputs
      .filter(o => o.type === 'stream')
      .map(o => o.content.text)
      .join('');
    expect(printed).toBe(Array.from({ length: 3000 }, (_, i) => `${i}\n`).join(''));
    expect(loop.outputs.at(-1)?.type).toBe('display_data');
    expect(textOf(next).trim()).toBe('84');
  });
});

describe('a kernel whose Jupyter server dies without shutting it down', () => {
  test('exits by itself and records its run as killed', () =>
    withTempDir(async dir => {
      const storeFile = path.join(dir, 'store.db');
      const { results, kernelPid } = abandonKernel([{ type: 'execute', code: 'const a = 1; a' }], {
        cwd: dir,
        env: { MLNB_STORE: storeFile }
      });
      expect(results[0].reply.status).toBe('ok');
      await waitFor(() => !isProcessAlive(kernelPid), 15_000, 'the kernel to exit');
      const runs = await readRuns(storeFile);
      expect(runs.map(run => run.status)).toEqual(['killed']);
    }));
});

describe('examples/quickstart.ipynb', () => {
  test('every code cell runs without error on the mlnb kernel', () => {
    const notebook = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'examples', 'quickstart.ipynb'), 'utf8')
    );
    const cells = notebook.cells
      .filter((cell: { cell_type: string }) => cell.cell_type === 'code')
      .map((cell: { source: string | string[] }) => ({
        type: 'execute' as const,
        code: Array.isArray(cell.source) ? cell.source.join('') : cell.source
      }));
    expect(notebook.metadata.kernelspec.name).toBe('mlnb');
    const dir = tempDir();
    try {
      const results = talkToKernel(cells, { cwd: dir, env: { MLNB_STORE: path.join(dir, 'store.db') } });
      expect(results.map(r => r.reply.status)).toEqual(cells.map(() => 'ok'));
      expect(results.some(r => r.outputs.some(o => o.content.data?.['application/vnd.plotly.v1+json']))).toBe(
        true
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
