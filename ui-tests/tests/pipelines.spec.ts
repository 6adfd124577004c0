import { expect, test } from '@jupyterlab/galata';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCells, notebook, writeNotebook } from '../../fixtures/notebooks';
import { MlnbPage } from './mlnb-page';

const MLNB = path.resolve(__dirname, '..', '..', 'kernel-helpers', 'bin', 'mlnb.js');
/** Two steps run again by the service's scheduler (`mlnb run` each). */
const RESUME_TIMEOUT = 120_000;

function mlnb(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [MLNB, ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
}

test.describe('Pipelines in the Jobs panel', () => {
  test('a pipeline shows as a graph of its steps with the latest run, Resume finishes a failed run live, a step opens its run', async ({
    page
  }) => {
    test.setTimeout(RESUME_TIMEOUT + 180_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-ui-pipeline-'));
    writeNotebook(
      dir,
      'ingest.ipynb',
      codeCells(["await mlnb.catalog.register([{ x: 1 }, { x: 2 }], { name: 'ui_raw' });"])
    );
    writeNotebook(
      dir,
      'features.ipynb',
      codeCells([
        "if (require('fs').existsSync('fail-features')) throw new Error('features broke');",
        '%dataset load ui_raw as df\n%dataset register df --name ui_features'
      ])
    );
    writeNotebook(
      dir,
      'score.ipynb',
      codeCells(["const f = await mlnb.catalog.load('ui_features');\nmlnb.log({ rows: f.shape[0] });"])
    );
    fs.writeFileSync(path.join(dir, 'fail-features'), '');
    const name = `ui-${Date.now()}`;
    const created = mlnb(dir, 'pipelines', 'create', name, 'ingest.ipynb', 'features.ipynb', 'score.ipynb');
    expect(created.stderr).toBe('');
    expect(mlnb(dir, 'pipelines', 'run', name).status).toBe(1); // features fails, score is stopped

    const panel = await new MlnbPage(page).openJobs();
    const item = panel.locator(MlnbPage.pipeline, { hasText: name });
    const step = (stepName: string) => item.locator(`${MlnbPage.pipelineStep}[data-step="${stepName}"]`);
    await expect(step('ingest')).toHaveAttribute('data-status', 'succeeded');
    await expect(step('features')).toHaveAttribute('data-status', 'failed');
    await expect(step('features')).toHaveAttribute('title', /features broke/);
    await expect(step('score')).toHaveAttribute('data-status', 'stopped');
    await expect(item.locator('svg line')).toHaveCount(2); // ingest → features → score

    fs.rmSync(path.join(dir, 'fail-features'));
    await item.getByRole('button', { name: 'Resume' }).click();
    await expect(step('score')).toHaveAttribute('data-status', 'succeeded', { timeout: RESUME_TIMEOUT });
    await expect(step('features')).toHaveAttribute('data-status', 'succeeded');
    await expect(item.getByRole('button', { name: 'Resume' })).toHaveCount(0);

    await step('score').click();
    await expect(page.locator('.jp-mlnb-RunDetail:visible')).toContainText(`${name}.score`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('several notebooks selected in the file browser become a pipeline from its dialog; parameters are checked against what each notebook declares; a refusal is shown there, then its graph in the Jobs panel', async ({
    page,
    tmpPath
  }) => {
    const upload = (name: string, cells: string[]) =>
      page.contents.uploadContent(JSON.stringify(notebook(codeCells(cells))), 'text', `${tmpPath}/${name}`);
    await upload('load.ipynb', ["await mlnb.catalog.register([{ x: 1 }], { name: 'ui_defined_raw' });"]);
    await upload('shape.ipynb', ['%dataset load ui_defined_raw as df']);
    await upload('report.ipynb', ['%param title: string = "weekly"', 'console.log(title);']);
    await page.filebrowser.openDirectory(tmpPath);
    const file = (name: string) => page.locator('.jp-DirListing-item', { hasText: name });
    await file('load.ipynb').click();
    await file('shape.ipynb').click({ modifiers: ['Control'] });
    await file('report.ipynb').click({ modifiers: ['Control'] });
    await file('report.ipynb').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Productionize as Pipeline…' }).click();

    const dialog = page.locator(MlnbPage.jobDialog);
    const name = `ui-defined-${Date.now()}`;
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    const after = (notebook: string, upstream: string) =>
      dialog
        .locator(MlnbPage.pipelineFormStep, { hasText: notebook })
        .getByRole('group', { name: 'Runs after' })
        .getByLabel(upstream);
    const report = dialog.locator(MlnbPage.pipelineFormStep, { hasText: 'report.ipynb' });
    await expect(report).toContainText('Declared: title (string) = "weekly"');
    const reportParams = report.getByLabel('Parameters (name=value, one per line)');
    await reportParams.fill('titel=5');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(report.getByRole('alert')).toContainText(
      'declares no parameter "titel" (it declares title)'
    );
    await reportParams.fill('title=5');
    // load after shape, while shape loads what load registers: a cycle, refused by the service.
    await after('load.ipynb', 'shape').check();
    await after('report.ipynb', 'shape').check();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog.locator('.jp-mlnb-Jobs-formError')).toContainText('cycle');
    await after('load.ipynb', 'shape').uncheck();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    const item = page.locator(`#${MlnbPage.jobsPanelId} ${MlnbPage.pipeline}`, { hasText: name });
    await expect(item.locator(MlnbPage.pipelineStep)).toHaveCount(3);
    for (const stepName of ['load', 'shape', 'report']) {
      await expect(item.locator(`${MlnbPage.pipelineStep}[data-step="${stepName}"]`)).toBeVisible();
    }
    await expect(item.locator('svg line')).toHaveCount(2); // load → shape (its dataset) → report (ticked)
    // "5" for a string parameter was sent as text, as the notebook declares it, not as a number.
    const shown = JSON.parse(mlnb(os.tmpdir(), 'pipelines', 'show', name, '--json').stdout);
    const reportStep = shown.pipeline.steps.find((s: { name: string }) => s.name === 'report');
    const job = JSON.parse(mlnb(os.tmpdir(), 'jobs', 'show', reportStep.jobId, '--json').stdout);
    expect(job.parameters).toEqual({ title: { type: 'string', value: '5' } });
  });
});
