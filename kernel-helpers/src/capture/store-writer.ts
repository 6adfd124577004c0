import { openStore } from '../store/engine/open';
import type { Store } from '../store/engine/store';

/**
 * The recorder's way to the store: writes run one after another in call order, the store is
 * opened on first need, and problems are reported once each without ever failing user code
 * (a store that cannot be opened switches tracking off for the process).
 */
export class StoreWriter {
  private store: Promise<Store> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private disabled = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: { cwd: string; store?: Store; warn?: (message: string) => void }) {}

  open(): Promise<Store> {
    this.store ??= this.options.store
      ? Promise.resolve(this.options.store)
      : openStore({ cwd: this.options.cwd });
    return this.store;
  }

  enqueue(write: (store: Store) => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.disabled) {
        return;
      }
      let store: Store;
      try {
        store = await this.open();
      } catch (error) {
        this.disabled = true;
        this.warnOnce(`tracking is off in this process: ${(error as Error).message}`);
        return;
      }
      try {
        await write(store);
      } catch (error) {
        this.warnOnce(`a tracking write failed: ${(error as Error).message}`);
      }
    });
  }

  /** Resolves when every write enqueued so far is done. */
  drained(): Promise<void> {
    return this.queue;
  }

  warnOnce(message: string): void {
    if (!this.warned.has(message)) {
      this.warned.add(message);
      (this.options.warn ?? (m => process.stderr.write(`${m}\n`)))(`mlnb: ${message}`);
    }
  }
}
