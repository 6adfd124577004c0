import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { problemOf } from '../api';
import { FieldErrors } from './form';

/** A dialog body that submits itself: true when done (the dialog may close). */
export interface ISubmittingBody<T> extends Widget, Dialog.IBodyWidget<T | null> {
  submit(button: Dialog.IButton): Promise<boolean>;
}

/**
 * A Dialog whose accept buttons first submit the body, and close only when that succeeds: it
 * stays open while the service refuses the input, the body showing why.
 */
export class SubmittingDialog<T> extends Dialog<T | null> {
  private readonly form: ISubmittingBody<T>;
  private readonly buttonList: readonly Dialog.IButton[];
  private readonly defaultIndex: number;

  constructor(
    options: Partial<Dialog.IOptions<T | null>> & {
      body: ISubmittingBody<T>;
      buttons: Dialog.IButton[];
      defaultButton: number;
    }
  ) {
    super(options);
    this.form = options.body;
    this.buttonList = options.buttons;
    this.defaultIndex = options.defaultButton;
    this.addClass('jp-mlnb-Jobs-dialog');
  }

  resolve(index?: number): void {
    const button = this.buttonList[index ?? this.defaultIndex];
    if (!button?.accept) {
      super.resolve(index);
      return;
    }
    void this.form.submit(button).then(done => {
      if (done) {
        super.resolve(index);
      }
    });
  }
}

/** What a form's view is given: the form `F` as typed, its errors, and where its changes go. */
export interface IFormProps<F> {
  form: F;
  errors: FieldErrors;
  /** A submission is under way. */
  submitting: boolean;
  trans: TranslationBundle;
  onChange: (change: Partial<F>) => void;
}

/**
 * A dialog body whose form `F` is sent to the service: while sending it says so (and ignores
 * another submit); a refusal becomes the error of the field the service names, and the dialog
 * stays open. An edited field's error goes: the service's answer about it comes with the next try.
 */
export abstract class SubmittingForm<T, F> extends ReactWidget implements ISubmittingBody<T> {
  protected errors: FieldErrors = {};
  protected submitting = false;
  private result: T | null = null;

  constructor(
    protected form: F,
    protected readonly trans: TranslationBundle
  ) {
    super();
  }

  getValue(): T | null {
    return this.result;
  }

  abstract submit(button: Dialog.IButton): Promise<boolean>;

  /** The form's view (the dialog's fields) from what every form gives it. */
  protected abstract view(props: IFormProps<F>): JSX.Element;

  protected render(): JSX.Element {
    return this.view({
      form: this.form,
      errors: this.errors,
      submitting: this.submitting,
      trans: this.trans,
      onChange: change => this.change(change)
    });
  }

  /** The errors `change` makes stale: the changed fields' and the whole form's. */
  protected staleErrors(change: Partial<F>): string[] {
    return [...Object.keys(change), 'form'];
  }

  protected change(change: Partial<F>): void {
    const errors = { ...this.errors };
    for (const field of this.staleErrors(change)) {
      delete errors[field];
    }
    this.form = { ...this.form, ...change };
    this.errors = errors;
    this.update();
  }

  /**
   * Runs `send` (unless a send is under way); true when it succeeded. `placeOf` says which field
   * a refusal belongs to (`form` for the whole dialog).
   */
  protected async send(
    work: () => Promise<T>,
    placeOf: (problem: ReturnType<typeof problemOf>) => string
  ): Promise<boolean> {
    if (this.submitting) {
      return false;
    }
    this.submitting = true;
    this.update();
    try {
      this.result = await work();
      return true;
    } catch (error) {
      const problem = problemOf(error);
      this.errors = { [placeOf(problem)]: problem.message };
      return false;
    } finally {
      this.submitting = false;
      this.update();
    }
  }
}
