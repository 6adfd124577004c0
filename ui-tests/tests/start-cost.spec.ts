import { expect, test } from '@jupyterlab/galata';

/** What the browser fetches of the mlnb extension's JavaScript (federated chunks, remoteEntry). */
const MLNB_SCRIPT = /\/extensions\/mlnb-extension\/static\/.*\.js(\?|$)/;
const START_BUDGET_BYTES = 200 * 1024;

test.describe('the cost of mlnb at JupyterLab start', () => {
  test('opening /lab fetches at most 200 KB of mlnb JavaScript: Plotly waits for the first figure', async ({
    browser,
    baseURL
  }) => {
    // A context of its own: an empty cache (galata's page loaded the scripts already), and every
    // request recorded from the first.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const fetched: Promise<{ url: string; bytes: number }>[] = [];
    fresh.on('requestfinished', request => {
      if (MLNB_SCRIPT.test(request.url())) {
        // On the wire: compressed when the server compresses, as a user's browser receives it.
        fetched.push(request.sizes().then(sizes => ({ url: request.url(), bytes: sizes.responseBodySize })));
      }
    });
    await fresh.goto(`${baseURL}/lab`);
    await fresh.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    await fresh.locator('.jp-LauncherCard').first().waitFor();
    await fresh.waitForLoadState('networkidle');
    const scripts = await Promise.all(fetched);
    const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
    expect(scripts.length).toBeGreaterThan(0); // the extension did load
    test.info().annotations.push({ type: 'mlnb JavaScript at start (bytes)', description: String(total) });
    expect(total, `mlnb scripts at start: ${JSON.stringify(scripts)}`).toBeLessThanOrEqual(
      START_BUDGET_BYTES
    );
    await context.close();
  });
});
