import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

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
