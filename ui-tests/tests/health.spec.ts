import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { MlnbPage } from './mlnb-page';

const MLNB = path.resolve(__dirname, '..', '..', 'kernel-helpers', 'bin', 'mlnb.js');
/** The mlnb CLI against the tests' store (MLNB_STORE, set by playwright.config.js). */
const mlnbCli = (...args: string[]): string =>
  execFileSync(process.execPath, [MLNB, ...args], { encoding: 'utf8' });

/** A dataset the notebook registers, then reads: the run lies downstream of the version. */
const REGISTER_AND_READ = [
  "require('fs').writeFileSync('ui-incident.csv', 'x,y\\n1,2\\n3,4\\n');",
  "await mlnb.catalog.register('ui-incident.csv', { name: 'ui-incident' });",
  "await mlnb.catalog.load('ui-incident@1');",
  "console.log('registered');"
].join('\n');

/** A title that would run script if it were rendered as HTML. */
const HOSTILE_TITLE = '<img src=x onerror="window.__mlnbInjected=1"> bad rows';

test.describe('incidents and the Health view', () => {
  test('an incident badges the dataset it was opened on and the run that read it, as text, live until resolved; the Health view answers nine questions', async ({
    page
  }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runUntilOutput('incident.ipynb', REGISTER_AND_READ, 'registered');

    const datasets = await mlnb.openDatasets();
    const item = datasets.locator('[data-name="ui-incident"]');
    await expect(item).toBeVisible();
    await expect(item.locator(MlnbPage.incidentBadge)).toHaveCount(0);

    const incident = JSON.parse(
      mlnbCli('incidents', 'open', 'ui-incident@1', '--title', HOSTILE_TITLE, '--json')
    );
    // Live: the badge comes with the service's incident-changed event, no refresh.
    const badge = item.locator(MlnbPage.incidentBadge);
    await expect(badge).toHaveText('incident');
    await expect(badge).toHaveAttribute('title', new RegExp(`${incident.id} <img src=x onerror=`));
    await expect(item.locator('img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).__mlnbInjected)).toBeUndefined();
    // The run that read the version is downstream of it: badged in the Experiments panel too.
    const [reader] = incident.affected.runs;
    const experiments = await mlnb.openExperiments();
    await expect(experiments.locator(`[data-run-id="${reader}"] ${MlnbPage.incidentBadge}`)).toHaveText(
      'incident'
    );

    const health = await mlnb.openHealth();
    await expect(health.locator(MlnbPage.healthAnswer)).toHaveCount(9);
    await expect(health.locator(MlnbPage.healthScore)).toContainText(/Score \d(\.5)? \/ 9/);
    const bugs = health.locator(`${MlnbPage.healthAnswer}[data-question="5"]`);
    await expect(bugs).toContainText('Is there a system to track bugs end to end');
    await expect(bugs).toContainText(`${incident.id} "${HOSTILE_TITLE}"`);
    await expect(bugs).not.toHaveClass(/jp-mod-no/);
    const review = health.locator(`${MlnbPage.healthAnswer}[data-question="7"]`);
    mlnbCli('review');
    await health.getByRole('button', { name: 'Check again' }).click();
    await expect(review).toContainText('last review');
    await expect(review).toHaveClass(/jp-mod-yes/);

    mlnbCli('incidents', 'resolve', incident.id, '--note', 'fixed upstream');
    await mlnb.openDatasets();
    await expect(item.locator(MlnbPage.incidentBadge)).toHaveCount(0);
  });
});
