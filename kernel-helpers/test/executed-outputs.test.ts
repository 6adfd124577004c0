import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';

/** The executed notebook `mlnb run` writes keeps outputs as nbclient (papermill) and JupyterLab do. */
describe('executed notebooks follow nbclient output rules', () => {
  let dir: string;
  let cells: { outputs: object[] }[];

  beforeAll(() => {
    dir = tempDir();
    const nb = writeNotebook(dir, 'outputs.ipynb', [
      code(
        'progress',
        "import * as tslab from 'tslab';\nconst bar = tslab.newDisplay();\n" +
          'for (let i = 1; i <= 100; i++) bar.text(`step ${i} of 100`);'
      ),
      code('status', "const status = tslab.newDisplay();\nstatus.text('loading');\nconsole.log('shown');"),
      code('later', "status.text('loaded');\nconsole.log('updated the status above');"),
      code(
        'redraw',
        "console.log('before');\n" +
          'for (let epoch = 1; epoch <= 5; epoch++) {\n' +
          '  mlnb.clearOutput(true);\n' +
          '  console.log(`epoch ${epoch}`);\n' +
          '  tslab.display.html(`<b>${epoch}</b>`);\n' +
          '}'
      ),
      code('cleared', "console.log('gone');\nmlnb.clearOutput();\nconsole.log('kept');"),
      code(
        'streams',
        "process.stdout.write('a');\nconsole.log('b');\nprocess.stderr.write('warn\\n');\n" +
          "process.stdout.write('c\\n');\nvoid process.stdout.write('d\\n');"
      )
    ]);
    const out = path.join(dir, 'out.ipynb');
    const result = runCli(['run', nb, '-o', out], { env: { MLNB_STORE: path.join(dir, 'store.db') } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    cells = JSON.parse(fs.readFileSync(out, 'utf8')).cells;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a display updated 100 times is one output showing its last state', () => {
    expect(cells[0].outputs).toEqual([
      { output_type: 'display_data', data: { 'text/plain': 'step 100 of 100' }, metadata: {} }
    ]);
  });

  test('updating a display made in an earlier cell replaces it there and adds nothing here', () => {
    expect(cells[1].outputs).toEqual([
      { output_type: 'display_data', data: { 'text/plain': 'loaded' }, metadata: {} },
      { output_type: 'stream', name: 'stdout', text: 'shown\n' }
    ]);
    expect(cells[2].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'updated the status above\n' }
    ]);
  });

  test('clearOutput(true) clears at the next output, so a redraw keeps only the last frame', () => {
    expect(cells[3].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'epoch 5\n' },
      { output_type: 'display_data', data: { 'text/html': '<b>5</b>' }, metadata: {} }
    ]);
  });

  test('clearOutput() clears at once', () => {
    expect(cells[4].outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'kept\n' }]);
  });

  test('consecutive text of one stream is one output; another stream starts its own', () => {
    expect(cells[5].outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'ab\n' },
      { output_type: 'stream', name: 'stderr', text: 'warn\n' },
      { output_type: 'stream', name: 'stdout', text: 'c\nd\n' }
    ]);
  });
});
