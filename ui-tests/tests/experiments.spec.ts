import { expect, test } from '@jupyterlab/galata';
import { MlnbPage } from './mlnb-page';

const TRAIN = [
  '%run new tuned-net',
  'for (let epoch = 0; epoch < 4; epoch++) {',
  '  mlnb.log({ loss: 1 / (epoch + 1), val_acc: 0.5 + epoch / 10 });',
  '}',
  "mlnb.param('lr', 0.01);"
].join('\n');

test.describe('the Experiments panel', () => {
  test('a run logged in a notebook appears live; its detail draws the metric chart', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    // Every live view shares one event stream: a browser gives a host six connections over
    // HTTP/1.1 and a stream holds one for good, so one per view would starve JupyterLab's requests.
    const streamsOpened: string[] = [];
    page.on('request', request => {
      if (request.url().includes('/mlnb/api/events')) {
        streamsOpened.push(request.url());
      }
    });
    await page.notebook.createNew('live.ipynb', { kernel: MlnbPage.kernelName });
    const panel = await mlnb.openExperiments();
    await page.notebook.setCell(0, 'code', TRAIN);
    await page.notebook.runCell(0);
    // No refresh: the row arrives through the service's change events.
    const row = panel.locator('.jp-mlnb-Runs-row', { hasText: 'tuned-net' });
    await expect(row).toBeVisible();
    // By default one metric: the series logged last (both are here), not every metric there is.
    const rowMetrics = row.locator('.jp-mlnb-Runs-metrics');
    await expect(rowMetrics).toHaveText(/^(loss 0\.2500|val_acc 0\.8000)$/);
    await row.click();
    const detail = page.locator('.jp-mlnb-RunDetail');
    await expect(detail.locator('h1')).toHaveText('tuned-net');
    // Pinning in the detail decides what the row shows; the detail lists pinned metrics first.
    await detail.locator('.jp-mlnb-Pin[aria-pressed="true"]').click();
    await expect(rowMetrics).toBeEmpty();
    await detail.getByRole('button', { name: 'Pin val_acc' }).click();
    await expect(rowMetrics).toHaveText('val_acc 0.8000');
    const metricsSection = detail
      .locator('.jp-mlnb-RunDetail-section')
      .filter({ has: page.locator('h2', { hasText: /^Metrics$/ }) });
    await expect(metricsSection.locator('tbody th').first()).toHaveText('val_acc');
    // The row as people see it; its start time and duration change every run.
    await expect(row).toHaveScreenshot('run-row.png', { mask: [row.locator('.jp-mlnb-Runs-meta')] });
    await expect(detail.locator('.jp-mlnb-Chart .main-svg').first()).toBeVisible();
    await expect(detail.locator('.jp-mlnb-RunDetail-table')).toContainText(['lr']);

    // Five live views now (runs, models, the run's detail, datasets, jobs): still one stream.
    // Each panel starts listening just before it asks for its first list.
    const listed = (what: string) => page.waitForRequest(r => r.url().includes(`/mlnb/api/${what}`));
    const datasetsListed = listed('datasets');
    await mlnb.openDatasets();
    await datasetsListed;
    const jobsListed = listed('jobs');
    await mlnb.openJobs();
    await jobsListed;
    expect(streamsOpened.length).toBeLessThanOrEqual(1);
  });

  test('a filter expression narrows the list; a malformed one shows where it is wrong', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await page.notebook.createNew('filters.ipynb', { kernel: MlnbPage.kernelName });
    await page.notebook.setCell(
      0,
      'code',
      '%run new low\nmlnb.log({ score: 1 });\n%run new high\nmlnb.log({ score: 9 });'
    );
    await page.notebook.runCell(0);
    const panel = await mlnb.openExperiments();
    const rows = panel.locator('.jp-mlnb-Runs-row');
    await expect(rows.filter({ hasText: 'high' })).toBeVisible();
    await expect(rows.filter({ hasText: 'low' })).toBeVisible();

    const filter = panel.getByLabel('Filter expression');
    await filter.fill('metrics.score > 5');
    await filter.press('Enter');
    await expect(rows.filter({ hasText: 'low' })).toHaveCount(0);
    await expect(rows.filter({ hasText: 'high' })).toBeVisible();

    await filter.fill('metrics.score >> 5');
    await filter.press('Enter');
    await expect(panel.getByRole('alert')).toContainText('found ">" (at column 16)');
    await expect(filter).toHaveAttribute('aria-invalid', 'true');
  });

  test('"Open as notebook" rebuilds the notebook from the cells in the order they ran', async ({ page }) => {
    const mlnb = new MlnbPage(page);
    await page.notebook.createNew('order.ipynb', { kernel: MlnbPage.kernelName });
    await page.notebook.setCell(0, 'code', 'const a = 1;');
    await page.notebook.addCell('code', 'const b = a + 1;');
    await page.notebook.runCell(0);
    await page.notebook.runCell(1);
    await page.notebook.setCell(0, 'code', 'const c = b * 10;');
    await page.notebook.runCell(0);

    const panel = await mlnb.openExperiments();
    // The notebook's run started with its first cell, named after the notebook.
    await panel.locator('.jp-mlnb-Runs-row', { hasText: 'order 20' }).click();
    await page.locator('.jp-mlnb-RunDetail').getByRole('button', { name: 'Open as notebook' }).click();
    await expect(page.locator('.jp-NotebookPanel:visible .jp-Cell')).toHaveCount(4);
    const sources = await page
      .locator('.jp-NotebookPanel:visible .jp-Cell .jp-InputArea-editor')
      .allInnerTexts();
    expect(sources.slice(1).map(s => s.trim())).toEqual([
      'const a = 1;',
      'const b = a + 1;',
      'const c = b * 10;'
    ]);
  });
});

test.describe('comparing and exporting runs', () => {
  test('runs compare side by side, differences flagged, curves overlaid, parallel coordinates; CSV export', async ({
    page
  }) => {
    const mlnb = new MlnbPage(page);
    await page.notebook.createNew('compare.ipynb', { kernel: MlnbPage.kernelName });
    await page.notebook.setCell(
      0,
      'code',
      [
        '%run new slow-lr',
        "mlnb.param('lr', 0.001); mlnb.param('layers', 2);",
        'for (let e = 0; e < 3; e++) mlnb.log({ loss: 1 - e * 0.1 });',
        '%run new fast-lr',
        "mlnb.param('lr', 0.1); mlnb.param('layers', 2);",
        'for (let e = 0; e < 3; e++) mlnb.log({ loss: 1 - e * 0.3 });',
        '%run new mid-lr',
        "mlnb.param('lr', 0.01); mlnb.param('layers', 2);",
        'for (let e = 0; e < 3; e++) mlnb.log({ loss: 1 - e * 0.2 });'
      ].join('\n')
    );
    await page.notebook.runCell(0);
    const panel = await mlnb.openExperiments();
    await panel.getByLabel('Select slow-lr').check();
    await panel.getByLabel('Select fast-lr').check();
    await panel.getByLabel('Select mid-lr').check();
    await panel.getByRole('button', { name: 'Compare' }).click();

    const comparison = page.locator('.jp-mlnb-Compare');
    const lr = comparison.locator('tr', { hasText: 'params.lr' });
    await expect(lr).toHaveClass(/jp-mod-different/);
    await expect(lr).toContainText('0.001');
    await expect(lr).toContainText('0.1');
    await expect(comparison.locator('tr', { hasText: 'params.layers' })).not.toHaveClass(/jp-mod-different/);
    await expect(comparison.locator('.jp-mlnb-Chart .trace')).toHaveCount(3);
    // The experiment's one metric is pinned by default; the pin is offered here too.
    await expect(comparison.getByRole('button', { name: 'Unpin loss' })).toBeVisible();
    // Three runs or more: parallel coordinates over the axes that vary (layers does not).
    const parallel = comparison.locator('.jp-mlnb-Parallel');
    await expect(parallel.locator('.parcoords')).toBeVisible();
    await expect(parallel).toContainText('params.lr');
    await expect(parallel).toContainText('metrics.loss');
    await expect(parallel).not.toContainText('params.layers');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'CSV' }).click()
    ]);
    const csv = await (await download.createReadStream()).toArray();
    const lines = Buffer.concat(csv).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toContain('params.lr');
    expect(lines).toHaveLength(4);
  });
});

test('tags and notes are edited in the run detail; notes render as markdown with HTML made inert', async ({
  page
}) => {
  const mlnb = new MlnbPage(page);
  await page.notebook.createNew('notes.ipynb', { kernel: MlnbPage.kernelName });
  await page.notebook.setCell(0, 'code', '%run new annotated\nmlnb.log({ acc: 0.5 });');
  await page.notebook.runCell(0);
  const panel = await mlnb.openExperiments();
  await panel.locator('.jp-mlnb-Runs-row', { hasText: 'annotated' }).click();
  const detail = page.locator('.jp-mlnb-RunDetail');

  await detail.getByRole('button', { name: 'Add tag' }).click();
  await page.locator('.jp-Dialog input').fill('team=fraud');
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  await expect(detail.locator('section:has(h2:text-is("Tags"))')).toContainText('fraud');

  await detail.getByRole('button', { name: 'Edit notes' }).click();
  await page
    .locator('.jp-Dialog textarea')
    .fill(
      '**careful** split\n\n<img src="x" onerror="window.__mlnbPwned = 1"><script>window.__mlnbPwned = 2</script>'
    );
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  const notes = detail.locator('section:has(h2:text-is("Notes"))');
  await expect(notes.locator('strong')).toHaveText('careful');
  await expect(notes.locator('script')).toHaveCount(0);
  await expect(notes.locator('img[onerror]')).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as unknown as { __mlnbPwned?: number }).__mlnbPwned)
  ).toBeUndefined();
});
