import { ReactWidget } from '@jupyterlab/ui-components';
import { LiveQuery } from './live';

export interface IDetailWidgetOptions {
  id: string;
  /** The CSS classes of the widget's node. */
  classes: string[];
  /** The tab's label until the record is loaded. */
  label: string;
}

/**
 * A record in the main area (a run, a dataset version, a job's history), live: its model starts
 * with the widget and is disposed with it, and the view renders again after each answer.
 */
export abstract class LiveDetailWidget<T, M extends LiveQuery<T>> extends ReactWidget {
  constructor(
    protected readonly model: M,
    options: IDetailWidgetOptions
  ) {
    super();
    this.id = options.id;
    options.classes.forEach(name => this.addClass(name));
    this.title.label = options.label;
    this.title.closable = true;
    model.changed.connect(this.onChanged, this);
    model.start();
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }

  /** Names the tab after the loaded record. */
  protected abstract nameTab(record: T): void;

  private onChanged(): void {
    if (this.model.state.loading) {
      return; // Shown as it was until the answer: no flicker, no chart redrawn for nothing.
    }
    const record = this.model.value;
    if (record) {
      this.nameTab(record);
    }
    this.update();
  }
}
