import { expect, test } from '@jupyterlab/galata';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { code, notebook } from '../../fixtures/notebooks';
import { MlnbPage } from './mlnb-page';

/** An mlnb notebook with a `parameters` cell (threshold = 0.5, label) that logs val_acc. */
const FIXTURE = path.resolve(__dirname, 'notebooks', 'train-job.ipynb');
/** A job's run: `mlnb run` starts, executes the snapshot, checks the gates. */
const RUN_TIMEOUT = 90_000;
const MLNB = path.resolve(__dirname, '..', '..', 'kernel-helpers', 'bin', 'mlnb.js');
/** The Airflow URL the tests' JupyterLab is given (playwright.config.js): nothing listens there. */
const AIRFLOW_URL = 'http://127.0.0.1:9';

test.describe('Productionize and the Jobs panel', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadFile(FIXTURE, `${tmpPath}/train.ipynb`);
    await page.notebook.openByPath(`${tmpPath}/train.ipynb`);
  });

  test('a notebook becomes a daily job with a gate; run now succeeds and its executed notebook opens', async ({
    page
  }) => {
    test.setTimeout(RUN_TIMEOUT + 60_000);
    const mlnb = new MlnbPage(page);
    const dialog = await mlnb.openProductionizeDialog('nightly-train');
    // The parameter was read from the notebook's parameters cell, with its type and default.
    const threshold = dialog.getByLabel('threshold (number)');
    await expect(threshold).toHaveValue('0.5');
    await threshold.fill('0.8');
    await dialog.getByLabel('Runs').selectOption('daily');
    await dialog.getByLabel('Time zone').fill('Europe/Berlin');
    const preview = dialog.locator(MlnbPage.schedulePreview);
    await expect(preview.locator('.jp-mlnb-Jobs-previewWords')).toHaveText('At 06:00 (Europe/Berlin)');
    await expect(preview.locator('li')).toHaveCount(3);
    await expect(preview.locator('li')).toContainText(['06:00', '06:00', '06:00']);
    await dialog.getByLabel(/^Gates/).fill('val_acc >= 0.8');
    await dialog.getByRole('button', { name: 'Create and run now' }).click();
    await expect(dialog).toHaveCount(0);

    // Listed in the Jobs panel with its schedule in words and its next run.
    const panel = await mlnb.openJobs();
    const row = panel.locator(MlnbPage.jobRow, { hasText: 'nightly-train' });
    await expect(row).toContainText('At 06:00 (Europe/Berlin)');
    await expect(row).toContainText('Next run:');

    // The history (opened on creation) shows the attempt succeed with its gate, live.
    const history = page.locator(MlnbPage.jobHistory);
    const attempt = history.locator('tbody tr').first();
    await expect(attempt.locator(MlnbPage.status)).toHaveText('succeeded', { timeout: RUN_TIMEOUT });
    await expect(attempt).toContainText('✓ val_acc >= 0.8 (0.9)');
    await expect(row.locator(MlnbPage.status)).toHaveText('succeeded');

    // The executed notebook opens as a notebook saved next to the job's notebook.
    await attempt.getByRole('button', { name: 'Executed notebook' }).click();
    await expect(page.locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current')).toContainText(
      /nightly-train-\d{8}-\d{6}\.executed\.ipynb/
    );
    const executed = page.locator('.jp-NotebookPanel:visible');
    await expect(executed.locator('.jp-OutputArea-output').first()).toContainText('base: val_acc 0.9');
    await expect(executed.locator('.jp-Cell').filter({ hasText: 'threshold = 0.8' })).toHaveCount(1);
  });

  test('the notebook is saved first; a bad cron field and an unknown time zone show by their inputs, the dialog stays open', async ({
    page
  }) => {
    const mlnb = new MlnbPage(page);
    // An unsaved edit of the parameters cell: Productionize saves first (the job snapshots the file).
    await page.notebook.setCell(1, 'code', "const threshold = 0.6;\nconst label = 'base';");
    const dialog = await mlnb.openProductionizeDialog();
    await expect(dialog.getByLabel('threshold (number)')).toHaveValue('0.6');
    await expect(dialog).toContainText('default: 0.6');
    await dialog.getByLabel('Runs').selectOption('custom');
    const cron = dialog.getByLabel(/^Cron/);
    await cron.fill('0 25 * * *');
    await expect(dialog.locator('#jp-mlnb-job-cron-error')).toContainText('invalid hour field: "25"');
    await expect(cron).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.locator(MlnbPage.schedulePreview)).toHaveCount(0);

    // The service refuses to create it too; the dialog stays open to fix the input.
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog.locator('#jp-mlnb-job-cron-error')).toContainText('invalid hour field');
    await expect(dialog).toBeVisible();

    await cron.fill('30 5 * * 1-5');
    await dialog.getByLabel('Time zone').fill('Mars/Olympus');
    await expect(dialog.locator('#jp-mlnb-job-timezone-error')).toContainText(
      'Unknown time zone "Mars/Olympus"'
    );
    await expect(dialog.locator('#jp-mlnb-job-cron-error')).toHaveCount(0);
    await dialog.getByLabel('Time zone').fill('UTC');
    await expect(dialog.locator('.jp-mlnb-Jobs-previewWords')).toContainText('Monday through Friday (UTC)');
    await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();
    await expect(dialog).toHaveCount(0);
  });

  test('pause and resume, edit (prefilled, saved), a taken name refused by its field, delete confirmed', async ({
    page
  }) => {
    const mlnb = new MlnbPage(page);
    let dialog = await mlnb.openProductionizeDialog('managed');
    await dialog.getByLabel('threshold (number)').fill('0.7');
    await dialog.getByLabel('Runs').selectOption('hourly');
    await expect(dialog.locator('.jp-mlnb-Jobs-previewWords')).toContainText('Every hour');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    const panel = await mlnb.openJobs();
    const row = panel.locator(MlnbPage.jobRow, { hasText: 'managed' });
    await expect(row).toContainText('Every hour');
    await expect(row.locator(MlnbPage.status)).toHaveText('never run');
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect(row).toContainText('paused');
    await expect(row).toContainText('Next run: —');
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect(row).not.toContainText('paused');
    await expect(row).not.toContainText('Next run: —');

    // Edit: the same dialog, filled from the job; the change is kept.
    await row.getByRole('button', { name: 'Edit' }).click();
    dialog = page.locator(MlnbPage.jobDialog);
    await expect(dialog.getByLabel('Name', { exact: true })).toBeDisabled();
    await expect(dialog.getByLabel('threshold (number)')).toHaveValue('0.7');
    await expect(dialog.getByLabel('Runs')).toHaveValue('hourly');
    await dialog.getByLabel('threshold (number)').fill('high');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.locator('#jp-mlnb-job-param-threshold-error')).toHaveText('Not a number.');
    await dialog.getByLabel('threshold (number)').fill('0.9');
    await dialog.getByLabel('Retries').fill('2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
    await row.getByRole('button', { name: 'Edit' }).click();
    await expect(dialog.getByLabel('threshold (number)')).toHaveValue('0.9');
    await expect(dialog.getByLabel('Retries')).toHaveValue('2');
    await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();

    // A second job of the same name: the service's refusal shows by the name.
    dialog = await mlnb.openProductionizeDialog('managed');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog.locator('#jp-mlnb-job-name-error')).toContainText(
      'A job named "managed" exists already'
    );
    await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();

    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.locator('.jp-Dialog', { hasText: 'Delete the job "managed"' });
    await confirm.locator('.jp-Dialog-button.jp-mod-accept').click();
    await expect(panel.locator(MlnbPage.jobRow, { hasText: 'managed' })).toHaveCount(0);
  });

  test('the engine: a seconds field refused by the cron for Airflow, the DAG link, Run now by engine, changed by edit', async ({
    page
  }) => {
    const mlnb = new MlnbPage(page);
    let dialog = await mlnb.openProductionizeDialog();
    await expect(dialog.getByLabel('Engine')).toHaveValue('mlnb');
    await dialog.getByLabel('Name', { exact: true }).fill('on-airflow');
    await dialog.getByLabel('Engine').selectOption('airflow');
    await dialog.getByLabel('Runs').selectOption('custom');
    await dialog.getByLabel(/^Cron/).fill('0 30 6 * * *');
    // Said as it is typed (the preview asks for this engine), and on Create.
    await expect(dialog.locator('#jp-mlnb-job-cron-error')).toContainText('has a seconds field');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog.locator('#jp-mlnb-job-cron-error')).toContainText('has a seconds field');
    await expect(dialog).toBeVisible();
    // mlnb's scheduler takes seconds: the preview agrees once the engine is mlnb.
    await dialog.getByLabel('Engine').selectOption('mlnb');
    await expect(dialog.locator('.jp-mlnb-Jobs-previewWords')).toContainText('06:30');
    await expect(dialog.locator('#jp-mlnb-job-cron-error')).toHaveCount(0);
    await dialog.getByLabel('Engine').selectOption('airflow');
    await dialog.getByLabel(/^Cron/).fill('30 6 * * *');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    // The lab runs with MLNB_AIRFLOW_URL (playwright.config.js): the row links to the DAG; nothing
    // listens there, so Run now says Airflow cannot be reached.
    const panel = await mlnb.openJobs();
    const airflowRow = panel.locator(MlnbPage.jobRow, { hasText: 'on-airflow' });
    await expect(airflowRow).toContainText('on Airflow');
    await expect(airflowRow.getByRole('link', { name: 'DAG in Airflow' })).toHaveAttribute(
      'href',
      `${AIRFLOW_URL}/dags/mlnb__on-airflow`
    );
    await airflowRow.getByRole('button', { name: 'Run now' }).click();
    await expect(panel.locator('.jp-mlnb-Jobs-error')).toContainText('on-airflow: Airflow at');
    await expect(panel.locator('.jp-mlnb-Jobs-error')).toContainText('cannot be reached');

    dialog = await mlnb.openProductionizeDialog('on-cluster');
    await dialog.getByLabel('Engine').selectOption('kubernetes');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    const row = panel.locator(MlnbPage.jobRow, { hasText: 'on-cluster' });
    await expect(row).toContainText('on Kubernetes');
    await expect(row.getByRole('link')).toHaveCount(0);
    await row.getByRole('button', { name: 'Run now' }).click();
    await expect(panel.locator('.jp-mlnb-Jobs-error')).toContainText(
      'mlnb jobs export on-cluster --to kubernetes -o DIR'
    );

    // The edit dialog shows the engine and changes it.
    await row.getByRole('button', { name: 'Edit' }).click();
    dialog = page.locator(MlnbPage.jobDialog);
    await expect(dialog.getByLabel('Engine')).toHaveValue('kubernetes');
    await dialog.getByLabel('Engine').selectOption('mlnb');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toContainText('on mlnb');
  });

  test('a job run by new data from the dialog: an unknown dataset is refused at its field, the row says so, a new version starts an attempt the history names', async ({
    page
  }) => {
    test.setTimeout(RUN_TIMEOUT + 60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-ui-trigger-'));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [MLNB, ...args], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
    const dataset = `ui_trigger_${Date.now()}`;
    const register = (rows: string) => {
      fs.writeFileSync(path.join(dir, 'data.csv'), `x\n${rows}\n`);
      expect(cli('datasets', 'register', 'data.csv', '--name', dataset).status).toBe(0);
    };
    register('1');
    const name = `${dataset}-job`;
    const mlnb = new MlnbPage(page);
    const dialog = await mlnb.openProductionizeDialog(name);
    await dialog.getByLabel('Runs').selectOption('manual');
    const trigger = dialog.getByLabel('On new data (a catalog dataset)');
    await trigger.fill(`${dataset}_typo`);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog.locator('#jp-mlnb-job-trigger-error')).toContainText(
      `no dataset named "${dataset}_typo"`
    );
    await trigger.fill(dataset);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    const panel = await mlnb.openJobs();
    const row = panel.locator(MlnbPage.jobRow, { hasText: name });
    await expect(row).toContainText(`When ${dataset} gets a new version`);
    await row.getByRole('button', { name }).click();
    const attempts = page.locator(MlnbPage.jobHistory).locator('tbody tr');
    await expect(attempts).toHaveCount(0); // version 1 was there before the job

    register('2'); // new content: version 2, which the service's scheduler fires the job for
    await expect(attempts).toHaveCount(1, { timeout: RUN_TIMEOUT });
    await expect(attempts.first()).toContainText(`new data: ${dataset}@2`);
    await expect(attempts.first().locator(MlnbPage.status)).toHaveText('succeeded', { timeout: RUN_TIMEOUT });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("an Airflow job's history: each try with the tracked run it made; Airflow's state unknown where it cannot be reached", async ({
    page
  }) => {
    test.setTimeout(RUN_TIMEOUT + 60_000);
    const mlnb = new MlnbPage(page);
    const dialog = await mlnb.openProductionizeDialog('airflow-tries');
    await dialog.getByLabel('Engine').selectOption('airflow');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    // What the DAG's task does on a worker: mlnb run with Airflow's context, into the lab's store.
    const dagRunId = 'scheduled__2026-12-02T06:00:00+00:00';
    const ran = spawnSync(process.execPath, [MLNB, 'run', FIXTURE], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      timeout: RUN_TIMEOUT,
      env: {
        ...process.env,
        AIRFLOW_CTX_DAG_ID: 'mlnb__airflow-tries',
        AIRFLOW_CTX_DAG_RUN_ID: dagRunId,
        AIRFLOW_CTX_TRY_NUMBER: '1'
      }
    });
    expect(ran.stderr).not.toContain('mlnb:');
    expect(ran.status).toBe(0);

    const panel = await mlnb.openJobs();
    await panel
      .locator(MlnbPage.jobRow, { hasText: 'airflow-tries' })
      .getByRole('button', { name: 'airflow-tries' })
      .click();
    const airflow = page.locator(MlnbPage.jobHistory).getByRole('region', { name: 'Airflow DAG runs' });
    await expect(airflow.getByRole('heading')).toHaveText('Airflow DAG mlnb__airflow-tries');
    await expect(airflow.getByRole('status')).toContainText(
      `Airflow's state is unknown: Airflow at ${AIRFLOW_URL} cannot be reached`
    );
    const row = airflow.locator('tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row.locator('td')).toHaveText([dagRunId, '1', 'unknown', /\d/, 'Tracked run (finished)']);
  });
});

test('on another kernel the button is hidden; from the file browser the dialog says why it cannot be a job', async ({
  page,
  tmpPath
}) => {
  const mlnb = new MlnbPage(page);
  const python = notebook([code('a', 'x = 1')], 'python3', 'python');
  await page.contents.uploadContent(JSON.stringify(python), 'text', `${tmpPath}/py.ipynb`);
  await page.notebook.openByPath(`${tmpPath}/py.ipynb`);
  const toolbar = page.locator('.jp-NotebookPanel:visible .jp-NotebookPanel-toolbar');
  await expect(toolbar.locator('[data-command="notebook:run-cell-and-select-next"]')).toBeVisible();
  await expect(mlnb.productionizeButton()).toBeHidden();

  await page.filebrowser.openDirectory(tmpPath);
  await page.locator('.jp-DirListing-item', { hasText: 'py.ipynb' }).click({ button: 'right' });
  await page.locator('.lm-Menu-item', { hasText: 'Productionize…' }).click();
  const dialog = page.locator(MlnbPage.jobDialog);
  await expect(dialog.locator('.jp-mlnb-Jobs-formError')).toContainText('runs on the kernel "python3"');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.locator('.jp-mlnb-Jobs-formError')).toContainText('runs on the kernel "python3"');
  await dialog.locator('.jp-Dialog-button.jp-mod-reject').click();
  await expect(dialog).toHaveCount(0);
});
