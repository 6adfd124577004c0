import type { Store } from '../store/engine/store';

/** Opens the located store for one command and closes it after, whatever happens. */
export async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  // Loaded on use, so that commands without a store do not load SQLite.
  const { openStore } = await import('../store/engine/open');
  const store = await openStore();
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
