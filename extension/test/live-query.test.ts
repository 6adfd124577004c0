import { LiveQuery } from '../src/live';

/** A fetch whose answers the test releases one by one, in any order. */
function controlledFetch<T>() {
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const fetch = jest.fn(() => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })));
  return { fetch, pending };
}

const settle = () => new Promise(resolve => setImmediate(resolve));

describe('LiveQuery', () => {
  test('a slow answer to an older request never replaces the answer to a newer one', async () => {
    const { fetch, pending } = controlledFetch<string>();
    const query = new LiveQuery<string>({ fetch, isRelevant: () => true });
    const older = query.refresh();
    const newer = query.refresh();
    pending[1].resolve('new');
    await newer;
    pending[0].resolve('old');
    await older;
    expect(query.state).toEqual({ value: 'new', loading: false, error: null });
  });

  test('a failed refetch says why and keeps what was shown, unless told to clear it', async () => {
    for (const keepOnError of [true, false]) {
      const { fetch, pending } = controlledFetch<string>();
      const query = new LiveQuery<string>({ fetch, isRelevant: () => true, keepOnError });
      const first = query.refresh();
      pending[0].resolve('shown');
      await first;
      const second = query.refresh();
      pending[1].reject(new Error('filter: unexpected "and" at column 4'));
      await second;
      expect(query.state.error?.message).toBe('filter: unexpected "and" at column 4');
      expect(query.value).toBe(keepOnError ? 'shown' : null);
    }
  });

  test('a next page is dropped when a refresh (a new query) started meanwhile', async () => {
    const { fetch, pending } = controlledFetch<number[]>();
    const query = new LiveQuery<number[]>({ fetch, isRelevant: () => true });
    const first = query.refresh();
    pending[0].resolve([1, 2]);
    await first;
    let releaseMore: (value: number[]) => void = () => undefined;
    const more = query.extend(
      shown => new Promise(resolve => (releaseMore = page => resolve([...shown, ...page])))
    );
    const fresh = query.refresh();
    pending[1].resolve([7]);
    await fresh;
    releaseMore([3]);
    await more;
    expect(query.value).toEqual([7]);
  });

  test('changes arriving together are one refetch, at most one per delay', async () => {
    jest.useFakeTimers();
    try {
      const { fetch, pending } = controlledFetch<string>();
      const query = new LiveQuery<string>({ fetch, isRelevant: () => true, delayMs: 300 });
      for (let i = 0; i < 10; i++) {
        query.scheduleRefresh();
        jest.advanceTimersByTime(20);
      }
      expect(fetch).toHaveBeenCalledTimes(0);
      jest.advanceTimersByTime(100);
      expect(fetch).toHaveBeenCalledTimes(1);
      pending[0].resolve('fresh');
      query.scheduleRefresh();
      jest.advanceTimersByTime(300);
      expect(fetch).toHaveBeenCalledTimes(2);
      query.dispose();
    } finally {
      jest.useRealTimers();
    }
    await settle();
  });

  test('typing waits for a pause: one search after the last key, not one per key', () => {
    jest.useFakeTimers();
    try {
      const { fetch } = controlledFetch<string>();
      const query = new LiveQuery<string>({ fetch, isRelevant: () => true });
      for (let i = 0; i < 5; i++) {
        query.refreshAfterQuiet(200);
        jest.advanceTimersByTime(150);
      }
      expect(fetch).toHaveBeenCalledTimes(0);
      jest.advanceTimersByTime(60);
      expect(fetch).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
