import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import { Locator } from '@playwright/test';
import * as path from 'node:path';

/** A file of vega-datasets (real data nobody here made), installed with the npm packages. */
export function vegaFile(name: string): string {
  return path.resolve(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', name);
}

/** The repository's tfjs: a test notebook's folder (galata's temporary root) has no node_modules. */
export const TFJS = path.resolve(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs');

/**
 * Notebook lines that train a tiny classifier (`model`) on `rows` and `labels`: the class is 1
 * when the first feature ("signal") is above 0.5, the second is noise.
 */
export function tinyClassifierLines(epochs: number): string[] {
  return [
    `const tf: any = require(${JSON.stringify(TFJS)});`,
    'const rows = Array.from({ length: 120 }, (_, i) => [((i * 37) % 101) / 100, ((i * 53) % 97) / 96]);',
    'const labels = rows.map(r => (r[0] > 0.5 ? 1 : 0));',
    "const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' })] });",
    "model.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy' });",
    `await model.fit(tf.tensor2d(rows), tf.tensor2d(labels.map(l => [l])), { epochs: ${epochs}, verbose: 0 });`
  ];
}

/** Selectors and steps for mlnb in JupyterLab, kept in one place for every spec. */
export class MlnbPage {
  static readonly kernelName = 'mlnb';
  static readonly kernelDisplayName = 'TypeScript (mlnb)';
  static readonly experimentsPanelId = 'jp-mlnb-experiments';
  static readonly datasetsPanelId = 'jp-mlnb-datasets';
  static readonly plotlyOutput = '.jp-mlnb-Plotly';
  static readonly jobsPanelId = 'jp-mlnb-jobs';
  static readonly productionizeButton = '.jp-NotebookPanel-toolbar [data-command="mlnb:productionize"]';
  static readonly jobDialog = '.jp-mlnb-Jobs-dialog';
  static readonly schedulePreview = '.jp-mlnb-Jobs-preview';
  static readonly jobRow = '.jp-mlnb-Jobs-row';
  static readonly jobHistory = '.jp-mlnb-Jobs-history';
  static readonly status = '.jp-mlnb-Jobs-status';
  static readonly pipeline = '.jp-mlnb-Pipelines-item';
  static readonly pipelineStep = '.jp-mlnb-Pipelines-step';
  static readonly pipelineFormStep = '.jp-mlnb-Pipelines-formStep';
  static readonly modelsSection = '.jp-mlnb-Models';
  static readonly modelVersion = '.jp-mlnb-Models-version';
  static readonly incidentBadge = '.jp-mlnb-IncidentBadge';
  static readonly healthAnswer = '.jp-mlnb-Health-answer';
  static readonly healthScore = '.jp-mlnb-Health-score';
  static readonly modelServing = '.jp-mlnb-Models-serving';

  constructor(readonly page: IJupyterLabPageFixture) {}

  /** The launcher card that opens a notebook on the mlnb kernel. */
  launcherCard(): Locator {
    return this.page.locator('.jp-LauncherCard[data-category="Notebook"]', {
      hasText: MlnbPage.kernelDisplayName
    });
  }

  /** A new notebook on the mlnb kernel with `source` in its first cell, run to completion. */
  async runInNewNotebook(name: string, source: string): Promise<void> {
    await this.page.notebook.createNew(name, { kernel: MlnbPage.kernelName });
    await this.page.notebook.setCell(0, 'code', source);
    await this.page.notebook.runCell(0);
  }

  /** `runInNewNotebook`, then waits until the cell's output shows `text` (within `timeout` ms). */
  async runUntilOutput(name: string, source: string, text: string, timeout = 60_000): Promise<void> {
    await this.runInNewNotebook(name, source);
    await expect.poll(() => this.firstCellText(), { timeout }).toContain(text);
  }

  async firstCellText(): Promise<string> {
    return ((await this.page.notebook.getCellTextOutput(0)) ?? []).join('');
  }

  /** Opens the Experiments sidebar and returns it. */
  async openExperiments(): Promise<Locator> {
    await this.page.sidebar.openTab(MlnbPage.experimentsPanelId);
    return this.page.locator(`#${MlnbPage.experimentsPanelId}`);
  }

  /** Opens the Datasets sidebar and returns it. */
  async openDatasets(): Promise<Locator> {
    await this.page.sidebar.openTab(MlnbPage.datasetsPanelId);
    return this.page.locator(`#${MlnbPage.datasetsPanelId}`);
  }

  /** The Productionize button of the visible notebook's toolbar. */
  productionizeButton(): Locator {
    return this.page.locator(`.jp-NotebookPanel:visible ${MlnbPage.productionizeButton}`);
  }

  /**
   * Opens the Productionize dialog from the visible notebook's toolbar and returns it, with the
   * job's `name` typed in when given.
   */
  async openProductionizeDialog(name?: string): Promise<Locator> {
    await this.productionizeButton().click();
    const dialog = this.page.locator(MlnbPage.jobDialog);
    await dialog.waitFor();
    if (name !== undefined) {
      await dialog.getByLabel('Name', { exact: true }).fill(name);
    }
    return dialog;
  }

  /** The Jobs sidebar (opened). */
  async openJobs(): Promise<Locator> {
    await this.page.sidebar.openTab(MlnbPage.jobsPanelId);
    return this.page.locator(`#${MlnbPage.jobsPanelId}`);
  }

  /** Opens the Health view (command "mlnb: Health") and returns it. */
  async openHealth(): Promise<Locator> {
    await this.page.evaluate(() => (window as any).jupyterapp.commands.execute('mlnb:open-health'));
    return this.page.locator('.jp-mlnb-Health');
  }

  /** Opens a left-sidebar panel and returns its connection status box. */
  async openPanelConnection(panelId: string): Promise<Locator> {
    await this.page.sidebar.openTab(panelId);
    return this.page.locator(`#${panelId} .jp-mlnb-Connection`);
  }
}
