import { expect, test } from '@jupyterlab/galata';
import * as path from 'node:path';
import { MlnbPage } from './mlnb-page';

const REPO = path.resolve(__dirname, '..', '..');
const TFJS = path.join(REPO, 'node_modules', '@tensorflow', 'tfjs');
const MLNB_BIN = path.join(REPO, 'kernel-helpers', 'bin', 'mlnb.js');

/**
 * A classifier registered to production, served by a real `mlnb models serve` started from the
 * kernel (it exits with it), then sent requests whose "signal" is shifted far from training.
 */
const SERVE_SHIFTED = [
  `const tf: any = require(${JSON.stringify(TFJS)});`,
  "const { spawn } = require('child_process');",
  'const rows = Array.from({ length: 120 }, (_, i) => [((i * 37) % 101) / 100, ((i * 53) % 97) / 96]);',
  'const labels = rows.map(r => (r[0] > 0.5 ? 1 : 0));',
  "const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' })] });",
  "model.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy' });",
  'await model.fit(tf.tensor2d(rows), tf.tensor2d(labels.map(l => [l])), { epochs: 10, verbose: 0 });',
  // The training data is read from the catalog, so the server's requests are compared with it.
  'const columns = { signal: rows.map(r => r[0]), noise: rows.map(r => r[1]), label: labels };',
  "const train = await mlnb.catalog.register(columns, { name: 'ui-served-train' });",
  "await mlnb.catalog.load('ui-served-train');",
  "await mlnb.evaluate(model, { x: rows, y: labels }, { task: 'binary', featureNames: ['signal', 'noise'], repeats: 0 });",
  "await mlnb.models.register('ui-served', model);",
  "await mlnb.models.promote('ui-served@1', 'production');",
  `const server = spawn(process.execPath, [${JSON.stringify(MLNB_BIN)}, 'models', 'serve', 'ui-served@production', '--port', '0', '--token', 'ui', '--log-rows', '50', '--exit-with-parent']);`,
  'const address: string = await new Promise(resolve => server.stdout.on("data", (d: Buffer) => { const m = / on (http\\S+)/.exec(String(d)); if (m) resolve(m[1]); }));',
  "const answer = await fetch(address + 'invocations', { method: 'POST', headers: { authorization: 'token ui', 'content-type': 'application/json' }, body: JSON.stringify({ instances: rows.map(r => [r[0] + 5, r[1]]) }) });",
  "console.log('served by version ' + (await answer.json()).version);"
].join('\n');

test.describe('serving in the Models section', () => {
  test('a selected model shows its running server and the drift of what it was sent', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runInNewNotebook('serve.ipynb', SERVE_SHIFTED);
    await expect.poll(() => mlnb.firstCellText(), { timeout: 90_000 }).toContain('served by version 1');

    const panel = await mlnb.openExperiments();
    const models = panel.locator(MlnbPage.modelsSection);
    await models.getByTitle('Refresh the models').click();
    await models.getByRole('button', { name: 'ui-served' }).click();
    const serving = models.locator(MlnbPage.modelServing);
    await expect(serving).toContainText(/v1 \(production\) at http:\/\/127\.0\.0\.1:\d+\//);
    // The requests are written as ui-served-requests@1; its drift against the training data shows.
    await expect(serving).toContainText(
      'Drift of ui-served-requests@1 (120 rows) against ui-served-train@1',
      {
        timeout: 30_000
      }
    );
    await expect(serving.locator('tr.jp-mod-drifted')).toHaveAttribute('data-feature', 'signal');
    await expect(serving.locator('tr[data-feature="noise"]')).not.toHaveClass(/jp-mod-drifted/);
  });
});
