import { problemOf } from '../api';
import { LiveModel } from '../live';

export interface IActionsState {
  error: string | null;
  /** Items with an action in flight (their buttons wait). */
  busy: ReadonlySet<string>;
}

/**
 * A live list whose items have actions (run, pause, delete…): an item's buttons wait while its
 * action runs, the list refreshes after each action either way, and a refusal shows in the panel
 * (over refreshes) until the next action.
 */
export abstract class LiveActionsModel<S extends IActionsState, T> extends LiveModel<S, T> {
  /** The last action's refusal, shown until the next action. */
  private actionError: string | null = null;

  /** The error to show: an action's refusal, else why the list could not be fetched. */
  protected errorToShow(fetchError: Error | null): string | null {
    return this.actionError ?? (fetchError ? problemOf(fetchError).message : null);
  }

  /** Runs an action on the item `id` (named `name` in its refusal); undefined when refused. */
  protected async act<R>(id: string, name: string, action: () => Promise<R>): Promise<R | undefined> {
    this.setBusy(new Set([...this.state.busy, id]));
    let error: string | null = null;
    let result: R | undefined;
    try {
      result = await action();
    } catch (reason) {
      error = `${name}: ${problemOf(reason).message}`;
    }
    const busy = new Set(this.state.busy);
    busy.delete(id);
    this.setBusy(busy);
    this.actionError = null;
    await this.refresh();
    if (error) {
      this.actionError = error;
      this.update({ error } as Partial<S>);
    }
    return result;
  }

  private setBusy(busy: ReadonlySet<string>): void {
    // S has these fields (S extends IActionsState); TypeScript cannot narrow a generic Partial.
    this.update({ busy } as Partial<S>);
  }
}
