import { expect, test } from '@jupyterlab/galata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlnbPage } from './mlnb-page';

const MLNB_VERSION: string = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', 'kernel-helpers', 'package.json'), 'utf8')
).version;

test.describe('mlnb in JupyterLab', () => {
  test('the launcher offers the TypeScript (mlnb) kernel', async ({ page }) => {
    await expect(new MlnbPage(page).launcherCard()).toBeVisible();
  });

  test('a typed TypeScript cell runs on the mlnb kernel and shows 42', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runInNewNotebook('typed.ipynb', 'const x: number = 40 + 2; x');
    expect((await mlnb.firstCellText()).trim()).toBe('42');
  });

  test('%mlnb shows the mlnb version and the store', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runInNewNotebook('magic.ipynb', '%mlnb');
    const text = await mlnb.firstCellText();
    expect(text).toContain(`mlnb ${MLNB_VERSION}`);
    expect(text).toMatch(/store: \/.*store\.db \(sqlite/);
  });

  test('an unknown magic shows an error naming the known magics', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runInNewNotebook('unknown.ipynb', '%frobnicate');
    expect(await mlnb.firstCellText()).toMatch(/Unknown magic %frobnicate. Known magics: .*%mlnb, %param/);
  });

  test('a Plotly figure from the kernel is drawn as a plot', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runInNewNotebook(
      'plot.ipynb',
      "mlnb.plot([{ type: 'bar', x: ['a', 'b', 'c'], y: [3, 5, 2] }])"
    );
    const output = page.locator(`.jp-Notebook ${MlnbPage.plotlyOutput}`);
    await expect(output.locator('svg.main-svg').first()).toBeVisible();
    await expect(output.locator('.trace.bars .point')).toHaveCount(3);
  });

  for (const [name, id] of [
    ['Experiments', MlnbPage.experimentsPanelId],
    ['Datasets', MlnbPage.datasetsPanelId]
  ]) {
    test(`the ${name} panel says in one header line that it is connected; the detail on click`, async ({
      page
    }) => {
      const connection = await new MlnbPage(page).openPanelConnection(id);
      const panel = page.locator(`#${id}`);
      // In the header beside the title, one line, with the version and store in its tooltip.
      await expect(panel.locator('.jp-SidePanel-header .jp-mlnb-Connection')).toHaveText('Connected');
      const status = connection.getByRole('button', { name: 'Connected' });
      await expect(status).toHaveAttribute(
        'title',
        new RegExp(`mlnb ${MLNB_VERSION} · store: .*store.db \\(sqlite\\)`)
      );
      expect((await connection.boundingBox())!.height).toBeLessThan(30);
      // No empty accordion header above the list.
      await expect(panel.locator('.jp-AccordionPanel-title:visible')).toHaveCount(0);
      await status.click();
      await expect(connection).toContainText(`mlnb ${MLNB_VERSION}`);
      await expect(connection).toContainText('store.db (sqlite)');
    });
  }
});
