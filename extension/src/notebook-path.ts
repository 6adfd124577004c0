import { ISessionContext } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
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
}

namespace Private {
  export function watch(panel: NotebookPanel): void {
    const context = panel.sessionContext;
    const send = () => tell(context);
    context.kernelChanged.connect(send);
    context.propertyChanged.connect((_, property) => {
      if (property === 'path') {
        send();
      }
    });
    // A restarted kernel is a new process that knows only the path it was first started with.
    context.statusChanged.connect((_, status) => {
      if (status === 'restarting' || status === 'autorestarting') {
        void context.ready.then(send);
      }
    });
    void context.ready.then(send);
  }

  function tell(context: ISessionContext): void {
    const kernel = context.session?.kernel;
    const notebookPath = context.session?.path;
    if (!kernel || kernel.name !== MLNB_KERNEL_NAME || !notebookPath) {
      return;
    }
    void whenReady(kernel).then(() =>
      kernel
        .requestExecute({ code: `%mlnb-notebook ${notebookPath}`, silent: true, store_history: false }, true)
        .done.catch(() => undefined)
    );
  }

  function whenReady(kernel: Kernel.IKernelConnection): Promise<void> {
    return kernel.connectionStatus === 'connected' ? Promise.resolve() : kernel.info.then(() => undefined);
  }
}
