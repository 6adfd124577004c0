import { ServiceError } from '../src/api';
import { IActionsState, LiveActionsModel } from '../src/jobs/actions-model';

interface IListState extends IActionsState {
  items: string[];
}

/** A live list whose fetch answers with what `shown` holds, as a service would. */
class ItemsModel extends LiveActionsModel<IListState, string[]> {
  shown = ['nightly', 'weekly'];

  constructor() {
    super({ items: [], error: null, busy: new Set() });
  }

  run(item: string, action: () => Promise<string>): Promise<string | undefined> {
    return this.act(item, item, action);
  }

  protected async fetch(): Promise<string[]> {
    return [...this.shown];
  }

  protected isRelevant(): boolean {
    return false;
  }

  protected fromLive({ value, error }: { value: string[] | null; error: Error | null }): Partial<IListState> {
    return { items: value ?? [], error: this.errorToShow(error) };
  }
}

describe('a live list with actions (jobs, pipelines)', () => {
  test("an item's buttons wait while its action runs, and the list refreshes after it", async () => {
    const model = new ItemsModel();
    await model.refresh();
    let finish: (answer: string) => void = () => undefined;
    const running = model.run('nightly', () => new Promise(resolve => (finish = resolve)));
    expect([...model.state.busy]).toEqual(['nightly']);
    model.shown = ['nightly', 'weekly', 'monthly'];
    finish('attempt 3');
    expect(await running).toBe('attempt 3');
    expect(model.state).toMatchObject({
      busy: new Set(),
      error: null,
      items: ['nightly', 'weekly', 'monthly']
    });
    model.dispose();
  });

  test("a refusal names the item and the service's reason, and stays over refreshes until the next action", async () => {
    const model = new ItemsModel();
    await model.refresh();
    const answer = await model.run('weekly', () =>
      Promise.reject(new ServiceError('409 Conflict', 409, { error: 'a run is still going' }))
    );
    expect(answer).toBeUndefined();
    expect(model.state.error).toBe('weekly: a run is still going');
    expect(model.state.busy.size).toBe(0);
    await model.refresh();
    expect(model.state.error).toBe('weekly: a run is still going');
    await model.run('nightly', () => Promise.resolve('ok'));
    expect(model.state.error).toBeNull();
    model.dispose();
  });
});
