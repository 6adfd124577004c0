import { expect, test } from '@jupyterlab/galata';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { code, writeNotebook } from '../../fixtures/notebooks';
import { MlnbPage } from './mlnb-page';

/** The mlnb CLI of this checkout, on the store the tests' JupyterLab uses (playwright.config.js). */
const MLNB = path.resolve(__dirname, '..', '..', 'kernel-helpers', 'bin', 'mlnb.js');
const mlnb = (...args: string[]) => {
  const result = spawnSync(process.execPath, [MLNB, ...args], { encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.trim();
};

test('the run detail says a run was reproduced exactly, and the badge opens the comparison', async ({
  page
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-ui-reproduce-'));
  try {
    const notebook = writeNotebook(dir, 'draws.ipynb', [
      code('draw', 'for (let step = 0; step < 3; step++) mlnb.log({ drawn: Math.random() });')
    ]);
    const original = mlnb('run', notebook, '--seed', '3', '--name', 'seeded draws');
    const reproduction = /by run (\w{8})/.exec(mlnb('runs', 'reproduce', original))![1];

    const panel = await new MlnbPage(page).openExperiments();
    await panel.getByLabel('Which runs').selectOption('all');
    await panel
      .locator('.jp-mlnb-Runs-row', { hasText: /^(?!.*reproduction).*seeded draws/ })
      .first()
      .click();
    const detail = page.locator('.jp-mlnb-RunDetail:not(.jp-mlnb-Compare)');
    await expect(detail.locator('h1')).toHaveText('seeded draws');
    await expect(detail.locator('.jp-mlnb-RunDetail-status')).toContainText('seed 3');
    const badge = detail.locator('.jp-mlnb-ReproductionBadge');
    await expect(badge).toHaveText(`Reproduced exactly by run ${reproduction}`);
    await expect(badge).toHaveClass(/jp-mod-exact/);
    await badge.click();
    await expect(page.locator('.jp-mlnb-Compare .jp-mlnb-Compare-table')).toContainText('drawn');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
