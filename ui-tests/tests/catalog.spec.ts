import { expect, test } from '@jupyterlab/galata';
import { MlnbPage, vegaFile } from './mlnb-page';

const WEATHER = vegaFile('seattle-weather.csv');

test.describe('the Datasets panel', () => {
  test('add a file to the catalog → search → histograms → annotate → insert load code → run it', async ({
    page,
    tmpPath
  }) => {
    const mlnb = new MlnbPage(page);
    await page.contents.uploadFile(WEATHER, `${tmpPath}/weather.csv`);
    await page.filebrowser.openDirectory(tmpPath);

    // "Add to Catalog…" in the file browser's context menu profiles the file and opens it.
    await page.locator('.jp-DirListing-item', { hasText: 'weather.csv' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Add to Catalog…' }).click();
    await page.locator('.jp-Dialog input').fill('seattle-weather');
    await page.getByRole('button', { name: 'OK' }).click();
    const detail = page.locator('.jp-mlnb-Dataset');
    await expect(detail.locator('h1')).toContainText('seattle-weather@1');

    // Search as you type in the sidebar finds it by a prefix of its name.
    const panel = await mlnb.openDatasets();
    await panel.getByLabel('Search datasets').fill('seatt');
    const result = panel.locator('.jp-mlnb-Catalog-item', { hasText: 'seattle-weather' });
    await expect(result).toContainText('@1 · csv · 1461 rows');
    await panel.getByLabel('Search datasets').fill('no-such-words');
    await expect(panel.locator('.jp-mlnb-Catalog-empty')).toHaveText('No dataset matches.');
    await panel.getByLabel('Search datasets').fill('precipitation');
    await result.click();

    // The detail view: schema with statistics, one histogram per column.
    await expect(detail.locator('.jp-mlnb-Dataset-schema tr[data-column="temp_max"]')).toContainText(
      'number'
    );
    const drawn = detail.locator('.jp-mlnb-Dataset-histogram').filter({ has: page.locator('.main-svg') });
    await expect(drawn).toHaveCount(6);
    // Dates on a date axis (years, not epoch ms like "1.35T"); categories labelled by their values.
    const histogram = (column: string) =>
      detail.locator(`.jp-mlnb-Dataset-histogram[data-column="${column}"]`);
    await expect(
      histogram('date')
        .locator('.xtick text')
        .filter({ hasText: /20\d\d/ })
        .first()
    ).toBeVisible();
    await expect(histogram('date').locator('.xtick text').filter({ hasText: /T$/ })).toHaveCount(0);
    await expect(histogram('weather').locator('.ytick text').filter({ hasText: /^sun$/ })).toBeVisible();
    // The statistics table is computed from the file alone: nothing in it varies between runs.
    await expect(detail.locator('.jp-mlnb-Dataset-scroll')).toHaveScreenshot('dataset-schema.png');

    // Annotations are markdown, rendered with any HTML made inert.
    await detail.getByRole('button', { name: 'Edit description' }).click();
    await page
      .locator('.jp-Dialog textarea')
      .fill('Daily **weather** <img src=x onerror="window.__mlnbXss = 1">');
    await page.getByRole('button', { name: 'Save' }).click();
    const description = detail.locator('.jp-mlnb-Dataset-description');
    await expect(description.locator('strong')).toHaveText('weather');
    await expect(description.locator('img[onerror]')).toHaveCount(0);
    expect(
      await page.evaluate(() => (window as unknown as { __mlnbXss?: number }).__mlnbXss)
    ).toBeUndefined();

    // "Insert load code" puts the magic into the notebook; running it loads every row.
    await page.notebook.createNew('load.ipynb', { kernel: MlnbPage.kernelName });
    await page.notebook.setCell(0, 'code', '// data');
    await page.activity.activateTab('seattle-weather@1');
    await detail.getByRole('button', { name: 'Insert load code' }).click();
    await expect(page.locator('.jp-NotebookPanel:visible .jp-Cell').nth(1)).toContainText(
      '%dataset load seattle-weather@1'
    );
    await page.notebook.runCell(1);
    const output = ((await page.notebook.getCellTextOutput(1)) ?? []).join('');
    expect(output).toContain('temp_max');
  });
});
