import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { code, notebook } from '../../fixtures/notebooks';

const MLNB = path.resolve(__dirname, '..', '..', 'kernel-helpers', 'bin', 'mlnb.js');

/** The runs in the store JupyterLab writes to, newest first, read with the real CLI. */
function runs(): any[] {
  return JSON.parse(execFileSync(process.execPath, [MLNB, 'runs', 'list', '--json'], { encoding: 'utf8' }));
}

function run(id: string): any {
  return JSON.parse(
    execFileSync(process.execPath, [MLNB, 'runs', 'show', id, '--json'], { encoding: 'utf8' })
  );
}

const NOTEBOOK = notebook([
  code('set-epochs', 'const epochs = 2;'),
  code('log-loss', 'mlnb.log({ loss: epochs / 10 });\nepochs')
]);

test('cells run in JupyterLab are recorded in the order they ran, with their cell ids', async ({
  page,
  tmpPath
}) => {
  const file = `${tmpPath}/tracked.ipynb`;
  await page.contents.uploadContent(JSON.stringify(NOTEBOOK), 'text', file);
  await page.notebook.openByPath(file);
  await page.notebook.activate('tracked.ipynb');
  await page.notebook.runCell(1);
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  expect((await page.notebook.getCellTextOutput(1))?.join('').trim()).toBe('2');

  const recorded = runs().find(r => r.experiment.endsWith('tracked.ipynb'));
  expect(recorded).toMatchObject({ status: 'running', source: 'interactive' });
  const detail = run(recorded.id);
  expect(detail.cells.map((c: any) => [c.seq, c.status])).toEqual([
    [1, 'error'],
    [2, 'ok'],
    [3, 'ok']
  ]);
  // The first run of log-loss failed (epochs was not defined yet); then set-epochs; then log-loss.
  expect(detail.cells.map((c: any) => c.cellId)).toEqual(['log-loss', 'set-epochs', 'log-loss']);
  expect(detail.metrics.loss.map((p: any) => p.value)).toEqual([0.2]);
});

test('a notebook renamed after its kernel started files its run under the new name', async ({ page }) => {
  // galata creates "Untitled.ipynb", starts its kernel, then renames it, as a person would.
  await page.notebook.createNew('renamed-later.ipynb', { kernel: 'mlnb' });
  await page.notebook.setCell(0, 'code', 'mlnb.log({ answer: 42 });');
  await page.notebook.runCell(0);
  const recorded = runs().filter(r => r.latestMetrics.answer === 42);
  expect(recorded.map(r => path.basename(r.experiment))).toEqual(['renamed-later.ipynb']);
});
