import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { parseFigure } from './figure';
import { loadPlotly, PlotlyModule } from './load';

export const PLOTLY_MIME_TYPE = 'application/vnd.plotly.v1+json';

const CSS = {
  root: 'jp-mlnb-Plotly',
  error: 'jp-mlnb-Plotly-error'
} as const;

/** Renders a Plotly figure; a malformed payload shows its error in place of the plot. */
export class PlotlyRenderer extends Widget implements IRenderMime.IRenderer {
  private plotly: PlotlyModule | undefined;

  constructor(private readonly mimeType: string) {
    super();
    this.addClass(CSS.root);
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    let figure;
    try {
      figure = parseFigure(model.data[this.mimeType]);
    } catch (error) {
      this.node.textContent = (error as Error).message;
      this.addClass(CSS.error);
      return;
    }
    this.removeClass(CSS.error);
    this.plotly = await loadPlotly();
    await this.plotly.react(this.node, figure.data as Plotly.Data[], figure.layout ?? {}, {
      responsive: true,
      displaylogo: false,
      ...figure.config
    });
  }

  protected onResize(msg: Widget.ResizeMessage): void {
    super.onResize(msg);
    this.resizePlot();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.resizePlot();
  }

  protected onBeforeDetach(msg: Message): void {
    this.plotly?.purge(this.node);
    super.onBeforeDetach(msg);
  }

  private resizePlot(): void {
    if (this.plotly && this.isVisible && this.node.querySelector('.plot-container')) {
      void this.plotly.Plots.resize(this.node);
    }
  }
}

const extension: IRenderMime.IExtension = {
  id: 'mlnb-extension:plotly',
  description: 'Renders Plotly figures (application/vnd.plotly.v1+json) with plotly.js.',
  rendererFactory: {
    safe: true, // plotly.js escapes HTML in labels itself, allowing only a few inline tags.
    mimeTypes: [PLOTLY_MIME_TYPE],
    defaultRank: 0,
    createRenderer: options => new PlotlyRenderer(options.mimeType)
  },
  rank: 0,
  dataType: 'json'
};

export default extension;
