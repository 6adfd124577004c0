import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

/**
 * Shows a view (a run, a dataset, a job's history, a comparison) as a tab in the main area,
 * its tab title following the view's, tracked when a tracker is given (for "already open").
 */
export function addToMainArea<T extends Widget>(
  app: JupyterFrontEnd,
  content: T,
  tracker?: WidgetTracker<MainAreaWidget<T>>
): MainAreaWidget<T> {
  const widget = new MainAreaWidget({ content });
  widget.id = content.id;
  widget.title.label = content.title.label;
  content.title.changed.connect(() => (widget.title.label = content.title.label));
  void tracker?.add(widget);
  app.shell.add(widget, 'main');
  return widget;
}
