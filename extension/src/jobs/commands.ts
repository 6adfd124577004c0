import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { JobsApi, problemOf } from '../api';
import { JobDialogTarget, showJobDialog } from './dialog';
import { showPipelineDialog } from './pipeline-dialog';
import { JobsModel } from './model';
import { IDeclaredParameter, IJob } from './types';

export namespace CommandIDs {
  export const productionize = 'mlnb:productionize';
  export const productionizeFile = 'mlnb:productionize-file';
  export const productionizePipeline = 'mlnb:productionize-pipeline';
  export const show = 'mlnb:show-jobs';
  export const openHistory = 'mlnb:open-job-history';
  export const openRun = 'mlnb:open-run';
}

/** The kernel whose notebooks can be productionized. */
export const KERNEL_NAME = 'mlnb';

export interface IJobFlowsOptions {
  model: JobsModel;
  trans: TranslationBundle;
  docManager: IDocumentManager | null;
  /** Runs a command (show the panel, open a history). */
  execute: (command: string, args?: Record<string, string>) => Promise<unknown>;
  /** Closes the history of a deleted job. */
  closeHistory: (jobId: string) => void;
}

/** What a person does with jobs, dialogs included: productionize a notebook, edit and delete a job. */
export class JobFlows {
  constructor(private readonly options: IJobFlowsOptions) {}

  /** The dialog for a new job from the notebook at `path` (saved first: the job snapshots the file). */
  async productionize(path: string): Promise<void> {
    const { trans, model, execute } = this.options;
    const save = async () => {
      const open = this.options.docManager?.findWidget(path)?.context;
      if (open?.model.dirty) {
        await open.save();
      }
    };
    await save();
    let target: JobDialogTarget;
    try {
      target = { kind: 'create', path, declared: await JobsApi.notebookParameters(path) };
    } catch (error) {
      // E.g. a notebook on another kernel: said in the dialog, which cannot create it either.
      target = { kind: 'create', path, declared: [], problem: problemOf(error).message };
    }
    const result = await showJobDialog({ target, trans, beforeCreate: save });
    if (!result) {
      return;
    }
    // The new job shows in the Jobs panel; a run started now, in the job's history.
    await execute(CommandIDs.show);
    void model.refresh();
    if (result.runError) {
      void showErrorMessage(trans.__('Job "%1" created, but not started', result.job.name), result.runError);
    }
    if (result.runNow && !result.runError) {
      await execute(CommandIDs.openHistory, { id: result.job.id });
    }
  }

  /**
   * The dialog for a new pipeline of the notebooks at `paths`, one step each (open ones saved
   * first: each step snapshots its file); the Jobs panel then shows its graph.
   */
  async productionizePipeline(paths: string[]): Promise<void> {
    const { trans, execute, docManager } = this.options;
    const save = async () => {
      for (const path of paths) {
        const open = docManager?.findWidget(path)?.context;
        if (open?.model.dirty) {
          await open.save();
        }
      }
    };
    await save();
    // Each step's values are read by the types its notebook declares; where that cannot be read
    // (e.g. a notebook on another kernel), the service says so when the pipeline is created.
    const declared = await Promise.all(paths.map(path => JobsApi.notebookParameters(path).catch(() => null)));
    const created = await showPipelineDialog({ paths, declared, trans, beforeCreate: save });
    if (created) {
      await execute(CommandIDs.show);
    }
  }

  /** Edits a job as it is now (the list may be a refresh behind). */
  async edit(listed: IJob): Promise<void> {
    const { trans, model } = this.options;
    let job: IJob;
    let declared: IDeclaredParameter[];
    try {
      [job, declared] = await Promise.all([JobsApi.get(listed.id), JobsApi.jobParameters(listed.id)]);
    } catch (error) {
      await showErrorMessage(trans.__('Job "%1"', listed.name), problemOf(error).message);
      return;
    }
    const result = await showJobDialog({ target: { kind: 'edit', job, declared }, trans });
    if (result) {
      void model.refresh();
    }
  }

  /** Deletes a job once confirmed, and closes its history. */
  async remove(job: IJob): Promise<void> {
    const { trans, model } = this.options;
    const answer = await showDialog({
      title: trans.__('Delete job'),
      body: trans.__(
        'Delete the job "%1", its schedule, its history and its executed notebooks? Its tracked runs stay.',
        job.name
      ),
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: trans.__('Delete') })]
    });
    if (answer.button.accept) {
      await model.remove(job);
      this.options.closeHistory(job.id);
    }
  }
}

/** The notebook's kernel: the running one, else the one its metadata names. */
export function kernelOf(panel: NotebookPanel): string | undefined {
  const running = panel.sessionContext.session?.kernel?.name;
  const spec = panel.context.model?.getMetadata('kernelspec') as { name?: string } | undefined;
  return running ?? spec?.name;
}
