import { expect, test } from '@jupyterlab/galata';
import { MlnbPage, tinyClassifierLines } from './mlnb-page';

/** A tiny classifier trained, evaluated against a measure, registered twice; v1 to production. */
const TRAIN_AND_REGISTER = [
  ...tinyClassifierLines(30),
  "await mlnb.evaluate(model, { x: rows, y: labels }, { task: 'binary', featureNames: ['signal', 'noise'], measure: { metric: 'accuracy', atLeast: 0.8 } });",
  "await mlnb.models.register('ui-classifier', model);",
  "await mlnb.models.register('ui-classifier', model);",
  "await mlnb.models.promote('ui-classifier@1', 'production');",
  "console.log('registered');"
].join('\n');

test.describe('the Models section of the Experiments panel', () => {
  test('shows each version with its stage and metrics, links its run and downloads its files', async ({
    page
  }) => {
    const mlnb = new MlnbPage(page);
    await mlnb.runUntilOutput('register.ipynb', TRAIN_AND_REGISTER, 'registered');
    // The evaluation's figures are drawn under the cell: the confusion matrix and the importance.
    await expect(page.locator(`.jp-NotebookPanel:visible ${MlnbPage.plotlyOutput}`)).toHaveCount(2);

    const panel = await mlnb.openExperiments();
    const models = panel.locator(MlnbPage.modelsSection);
    await models.getByTitle('Refresh the models').click();
    await models.getByRole('button', { name: 'ui-classifier' }).click();
    const versions = models.locator(MlnbPage.modelVersion);
    await expect(versions).toHaveCount(2);
    const production = versions.filter({ hasText: 'v1' });
    await expect(production).toContainText('production');
    await expect(production).toContainText('measure passed');
    await expect(production).toContainText(/accuracy 0\.\d+ · f1_macro 0\.\d+ · roc_auc/);
    await expect(versions.filter({ hasText: 'v2' })).toContainText('none');

    // Live: a promotion made elsewhere (another notebook's kernel) shows without a refresh.
    await mlnb.runInNewNotebook('promote.ipynb', "await mlnb.models.promote('ui-classifier@2', 'staging');");
    await expect(versions.filter({ hasText: 'v2' })).toContainText('staging');
    await expect(models).toContainText('production v1 · staging v2');

    const download = page.waitForEvent('download');
    await production.getByRole('link', { name: 'model.json' }).click();
    expect((await download).suggestedFilename()).toBe('model.json');

    await production.getByRole('link', { name: /^run / }).click();
    await expect(page.locator('.jp-mlnb-RunDetail h1')).toHaveText(/^register /);
    // The run's detail draws the evaluation's figures too.
    const evaluation = page
      .locator('.jp-mlnb-RunDetail-section')
      .filter({ has: page.getByRole('heading', { name: 'Evaluation', exact: true }) });
    await expect(evaluation.locator('.jp-mlnb-Chart:has(.main-svg)')).toHaveCount(2);
    await expect(evaluation).toContainText('Confusion matrix');
    await expect(evaluation).toContainText('Permutation feature importance');
  });
});
