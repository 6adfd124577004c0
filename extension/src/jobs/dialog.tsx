import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { CSS, JobFormView } from './fields';
import { IFormProps, SubmittingDialog, SubmittingForm } from './submitting-dialog';
import { fieldOfError, IJobForm, initialForm, JobDialogTarget, settingsOf } from './form';
import { JobsApi, problemOf } from '../api';
import { IJob, ISchedulePreview } from './types';

export type { JobDialogTarget } from './form';

/** The schedule preview waits this long after the last keystroke (ms). */
const PREVIEW_DEBOUNCE_MS = 300;
/** Enter presses the button after Cancel: "Create", or "Save" when editing. */
const DEFAULT_BUTTON = 1;

export interface IJobDialogResult {
  job: IJob;
  /** "Create and run now" was chosen. */
  runNow: boolean;
  /** Set when "Create and run now" created the job but the run could not start. */
  runError?: string;
}

/**
 * Shows the Productionize dialog (or, for a job, its edit dialog). It stays open while the
 * service refuses the input, showing why next to the field at fault; it resolves with the job
 * created or changed, or null when cancelled.
 */
export async function showJobDialog(options: {
  target: JobDialogTarget;
  trans: TranslationBundle;
  /** Called before the job is created (the notebook is saved: the job snapshots the file). */
  beforeCreate?: () => Promise<void>;
}): Promise<IJobDialogResult | null> {
  const { target, trans } = options;
  const body = new JobForm(target, trans, options.beforeCreate);
  const buttons =
    target.kind === 'create'
      ? [
          Dialog.cancelButton(),
          Dialog.okButton({ label: trans.__('Create'), displayType: 'default', actions: ['create'] }),
          Dialog.okButton({ label: trans.__('Create and run now'), actions: ['create', 'run'] })
        ]
      : [Dialog.cancelButton(), Dialog.okButton({ label: trans.__('Save') })];
  const dialog = new SubmittingDialog<IJobDialogResult>({
    title:
      target.kind === 'create'
        ? trans.__('Productionize %1', target.path.split('/').pop() ?? target.path)
        : trans.__('Edit job "%1"', target.job.name),
    body,
    buttons,
    defaultButton: DEFAULT_BUTTON,
    hasClose: true
  });
  const result = await dialog.launch();
  return result.button.accept && result.value ? result.value : null;
}

/** The dialog's body: the form's state, the schedule preview and the submission. */
class JobForm extends SubmittingForm<IJobDialogResult, IJobForm> {
  private preview: ISchedulePreview | null = null;
  private previewTimer: number | undefined;
  private previewGeneration = 0;

  constructor(
    private readonly target: JobDialogTarget,
    trans: TranslationBundle,
    private readonly beforeCreate?: () => Promise<void>
  ) {
    const name =
      target.kind === 'create' ? (target.path.split('/').pop() ?? '').replace(/\.ipynb$/, '') : undefined;
    super(
      initialForm(target.declared, { name, job: target.kind === 'edit' ? target.job : undefined }),
      trans
    );
    this.addClass(CSS.form);
    if (target.kind === 'create' && target.problem) {
      this.errors = { form: target.problem };
    }
    this.schedulePreview();
  }

  dispose(): void {
    window.clearTimeout(this.previewTimer);
    super.dispose();
  }

  /** Sends the form; true when the job was created or changed (the dialog may close). */
  async submit(button: Dialog.IButton): Promise<boolean> {
    if (this.submitting) {
      return false;
    }
    const runNow = button.actions.includes('run');
    const { declared } = this.target;
    const job = this.target.kind === 'edit' ? this.target.job : undefined;
    const { settings, errors } = settingsOf(this.form, declared, job);
    const scheduleErrors = Object.fromEntries(
      Object.entries(this.errors).filter(([field]) => field === 'cron' || field === 'timezone')
    );
    this.errors = { ...errors, ...scheduleErrors };
    if (Object.keys(this.errors).length > 0) {
      this.update();
      return false;
    }
    return this.send(
      async () => {
        let job: IJob;
        if (this.target.kind === 'create') {
          await this.beforeCreate?.();
          job = await JobsApi.create({
            ...settings,
            notebook: this.target.path,
            name: this.form.name.trim()
          });
        } else {
          job = await JobsApi.update(this.target.job.id, settings);
        }
        const result: IJobDialogResult = { job, runNow };
        if (runNow) {
          try {
            await JobsApi.runNow(job.id);
          } catch (error) {
            result.runError = problemOf(error).message;
          }
        }
        return result;
      },
      problem => fieldOfError(problem, declared)
    );
  }

  protected view(props: IFormProps<IJobForm>): JSX.Element {
    return <JobFormView {...props} target={this.target} preview={this.preview} />;
  }

  /** The service names the timeout in seconds; a parameter's error goes when its value changes. */
  protected staleErrors(change: Partial<IJobForm>): string[] {
    const fields = Object.keys(change).map(key => (key === 'timeoutMinutes' ? 'timeoutSeconds' : key));
    for (const [name, text] of Object.entries(change.values ?? {})) {
      if (text !== this.form.values[name]) {
        fields.push(`param:${name}`);
      }
    }
    // Why the notebook's parameters could not be read stays said: typing does not fix it.
    if (this.target.kind === 'edit' || !this.target.problem) {
      fields.push('form');
    }
    return fields;
  }

  protected change(change: Partial<IJobForm>): void {
    super.change(change);
    if ('cron' in change || 'timezone' in change || 'scheduleKind' in change || 'engine' in change) {
      this.schedulePreview();
    }
  }

  /** Asks the service for the schedule in words and its next fire times, after typing pauses. */
  private schedulePreview(): void {
    window.clearTimeout(this.previewTimer);
    const generation = ++this.previewGeneration;
    if (this.form.scheduleKind === 'manual') {
      const errors = { ...this.errors };
      delete errors.cron;
      delete errors.timezone;
      this.preview = null;
      this.errors = errors;
      this.update();
      return;
    }
    this.previewTimer = window.setTimeout(async () => {
      const schedule = {
        cron: this.form.cron.trim(),
        timezone: this.form.timezone.trim(),
        engine: this.form.engine
      };
      let preview: ISchedulePreview | null = null;
      let problem: { field: string; message: string } | null = null;
      try {
        preview = await JobsApi.previewSchedule(schedule);
      } catch (error) {
        const said = problemOf(error);
        problem = { field: fieldOfError(said, this.target.declared), message: said.message };
      }
      if (generation === this.previewGeneration && !this.isDisposed) {
        // Other errors (a refusal of the submission meanwhile) stay.
        const errors = { ...this.errors };
        delete errors.cron;
        delete errors.timezone;
        if (problem) {
          errors[problem.field] = problem.message;
        }
        this.preview = preview;
        this.errors = errors;
        this.update();
      }
    }, PREVIEW_DEBOUNCE_MS);
  }
}
