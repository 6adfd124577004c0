import { Dialog } from '@jupyterlab/apputils';
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

/**
 * A dialog body whose form is sent to the service: while sending it says so (and ignores another
 * submit); a refusal becomes the error of the field the service names, and the dialog stays open.
 */
export abstract class SubmittingForm<T> extends ReactWidget implements ISubmittingBody<T> {
  protected errors: FieldErrors = {};
  protected submitting = false;
  private result: T | null = null;

  getValue(): T | null {
    return this.result;
  }

  abstract submit(button: Dialog.IButton): Promise<boolean>;

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
