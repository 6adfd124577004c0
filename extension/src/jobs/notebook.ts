import { JupyterFrontEnd } from '@jupyterlab/application';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { RunsApi, ServiceError } from '../api';
import { IAttempt, IJob } from './types';

/**
 * Opens an attempt's executed notebook (an artifact of its tracked run) as a file saved next to
 * the job's notebook, `<job>-<slot>[-attempt-N].executed.ipynb`, so it opens like any notebook,
 * with its outputs, and stays there to share or diff. A name is fixed per attempt: opening it
 * again opens the same file instead of piling up copies.
 */
export function executedNotebookOpener(
  app: JupyterFrontEnd,
  trans: TranslationBundle
): (job: IJob, attempt: IAttempt) => Promise<void> {
  const { contents } = app.serviceManager;
  return async (job, attempt) => {
    const path = PathExt.join(Private.contentsDirOf(job), Private.fileName(job, attempt));
    const exists = await contents.get(path, { content: false }).then(
      () => true,
      () => false
    );
    if (!exists) {
      if (!attempt.runId) {
        throw new Error(trans.__('this attempt recorded no run'));
      }
      const run = await RunsApi.get(attempt.runId);
      const artifact = run.artifacts.find(a => a.kind === 'notebook' && a.path.endsWith('.executed.ipynb'));
      if (!artifact) {
        throw new Error(trans.__('the run kept no executed notebook'));
      }
      const content = await RunsApi.artifactJson(run.id, artifact.path).catch(error => {
        const status = error instanceof ServiceError ? error.status : undefined;
        throw status ? new Error(trans.__('the mlnb service answered %1', status)) : error;
      });
      await contents.save(path, { type: 'notebook', format: 'json', content });
    }
    await app.commands.execute('docmanager:open', { path });
  };
}

namespace Private {
  /**
   * The folder of the job's source notebook in the Jupyter contents: its absolute working
   * folder under the server root; else its workspace-relative path; else the root.
   */
  export function contentsDirOf(job: IJob): string {
    const root = PageConfig.getOption('serverRoot').replace(/\/+$/, '');
    const cwd = job.notebook.cwd.replace(/\\/g, '/');
    if (root.startsWith('/') && (cwd === root || cwd.startsWith(`${root}/`))) {
      return cwd.slice(root.length + 1);
    }
    return job.notebook.path.startsWith('/') ? '' : PathExt.dirname(job.notebook.path);
  }

  export function fileName(job: IJob, attempt: IAttempt): string {
    const name = job.name.replace(/[^\w.-]+/g, '_');
    const slot = attempt.slot.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const retry = attempt.attempt > 1 ? `-attempt-${attempt.attempt}` : '';
    return `${name}-${slot}${retry}.executed.ipynb`;
  }
}
