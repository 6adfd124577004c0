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

/**
 * Shows the record view `isFor` picks when one is open (after `reuse`, e.g. to show another
 * version), else adds the one `create` makes: each record has at most one tab.
 */
export function showInMainArea<T extends Widget>(
  app: JupyterFrontEnd,
  tracker: WidgetTracker<MainAreaWidget<T>>,
  options: { isFor: (content: T) => boolean; create: () => T; reuse?: (content: T) => void }
): MainAreaWidget<T> {
  const open = tracker.find(widget => options.isFor(widget.content));
  if (open) {
    options.reuse?.(open.content);
    app.shell.activateById(open.id);
    return open;
  }
  return addToMainArea(app, options.create(), tracker);
}
