import { expect, test } from '@jupyterlab/galata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { code, writeNotebook } from '../../fixtures/notebooks';
import { MlnbPage, tinyClassifierLines } from './mlnb-page';

const REPO = path.resolve(__dirname, '..', '..');
const MLNB_BIN = path.join(REPO, 'kernel-helpers', 'bin', 'mlnb.js');

/**
 * A classifier registered to production, served by a real `mlnb models serve` started from the
 * kernel (it exits with it), then sent requests whose "signal" is shifted far from training.
 */
const SERVE_SHIFTED = [
  ...tinyClassifierLines(10),
  "const { spawn } = require('child_process');",
  // The training data is read from the catalog, so the server's requests are compared with it.
  "const csv = ['signal,noise,label', ...rows.map((r, i) => [r[0], r[1], labels[i]].join(','))].join('\\n');",
  "require('fs').writeFileSync('train.csv', csv);",
  "await mlnb.catalog.register('train.csv', { name: 'ui-served-train' });",
  "await mlnb.catalog.load('ui-served-train');",
  "await mlnb.evaluate(model, { x: rows, y: labels }, { task: 'binary', featureNames: ['signal', 'noise'], repeats: 0 });",
  "await mlnb.models.register('ui-served', model);",
  "await mlnb.models.promote('ui-served@1', 'production');",
  `const server = spawn(process.execPath, [${JSON.stringify(MLNB_BIN)}, 'models', 'serve', 'ui-served@production', '--port', '0', '--token', 'ui', '--log-rows', '50', '--exit-with-parent']);`,
  'const address: string = await new Promise(resolve => server.stdout.on("data", (d: Buffer) => { const m = / on (http\\S+)/.exec(String(d)); if (m) resolve(m[1]); }));',
  "const answer = await fetch(address + 'invocations', { method: 'POST', headers: { authorization: 'token ui', 'content-type': 'application/json' }, body: JSON.stringify({ instances: rows.map(r => [r[0] + 5, r[1]]) }) });",
  'const served: any = await answer.json();',
  "console.log('served by version ' + served.version);"
].join('\n');

/** A notebook of one cell, written here and uploaded: typing this much into a cell is slow. */
function notebookFile(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-ui-serve-'));
  return writeNotebook(dir, 'serve.ipynb', [code('serve', source)], MlnbPage.kernelName);
}

test.describe('serving in the Models section', () => {
  test('a selected model shows its running server and the drift of what it was sent', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(240_000);
    const mlnb = new MlnbPage(page);
    await page.contents.uploadFile(notebookFile(SERVE_SHIFTED), `${tmpPath}/serve.ipynb`);
    await page.notebook.openByPath(`${tmpPath}/serve.ipynb`);
    await page.notebook.runCell(0);
    await expect.poll(() => mlnb.firstCellText(), { timeout: 120_000 }).toContain('served by version 1');

    const panel = await mlnb.openExperiments();
    const models = panel.locator(MlnbPage.modelsSection);
    await models.getByTitle('Refresh the models').click();
    await models.getByRole('button', { name: 'ui-served' }).click();
    const serving = models.locator(MlnbPage.modelServing);
    await expect(serving).toContainText(/v1 \(production\) at http:\/\/127\.0\.0\.1:\d+\//);
    // The requests are written as ui-served-requests@1; its drift against the training data shows.
    await expect(serving).toContainText(
      'Drift of ui-served-requests@1 (120 rows) against ui-served-train@1',
      { timeout: 30_000 }
    );
    await expect(serving.locator('tr.jp-mod-drifted')).toHaveAttribute('data-feature', 'signal');
    await expect(serving.locator('tr[data-feature="noise"]')).not.toHaveClass(/jp-mod-drifted/);
  });
});
