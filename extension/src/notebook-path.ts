import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';

/** The kernel name of "TypeScript (mlnb)"; other kernels are left alone. */
export const MLNB_KERNEL_NAME = 'mlnb';

/**
 * Tells an mlnb kernel which notebook it serves, so runs are filed under the notebook's current
 * path. A kernel learns its notebook once, at start; a notebook created as "Untitled.ipynb" and
 * renamed afterwards would otherwise be recorded under its old name. Sent as a silent execute
 * request that the mlnb kernel answers without running or recording anything.
 */
export function trackNotebookPaths(tracker: INotebookTracker): void {
  tracker.widgetAdded.connect((_, panel) => Private.watch(panel));
  tracker.forEach(panel => Private.watch(panel));
  // And right before a cell runs (sent first, so the kernel knows it before the cell): a
  // rename whose signal came while the kernel was still starting cannot be missed.
  NotebookActions.executionScheduled.connect((_, { notebook }) => {
    const panel = tracker.find(p => p.content === notebook);
    if (panel) {
      Private.tell(panel);
    }
  });
}

namespace Private {
  export function watch(panel: NotebookPanel): void {
    const context = panel.sessionContext;
    const send = () => tell(panel);
    context.kernelChanged.connect(send);
    // The document's path changes at once on a rename; the session's follows a request later.
    panel.context.pathChanged.connect(send);
    // A restarted kernel is a new process that knows only the path it was first started with.
    context.statusChanged.connect((_, status) => {
      if (status === 'restarting' || status === 'autorestarting') {
        const kernel = context.session?.kernel;
        if (kernel) {
          told.delete(kernel);
        }
        void context.ready.then(send);
      }
    });
    void context.ready.then(send);
  }

  /** The path each kernel was last told (and acknowledged), so it is sent only on change. */
  const told = new WeakMap<Kernel.IKernelConnection, string>();

  export function tell(panel: NotebookPanel): void {
    const kernel = panel.sessionContext.session?.kernel;
    const notebookPath = panel.context.path;
    if (!kernel || kernel.name !== MLNB_KERNEL_NAME || !notebookPath || told.get(kernel) === notebookPath) {
      return;
    }
    const send = () =>
      kernel
        .requestExecute({ code: `%mlnb-notebook ${notebookPath}`, silent: true, store_history: false }, true)
        .done.then(() => told.set(kernel, notebookPath))
        .catch(() => undefined);
    if (kernel.connectionStatus === 'connected') {
      void send(); // At once: ahead of an execute request about to be sent.
    } else {
      void kernel.info.then(send);
    }
  }
}
