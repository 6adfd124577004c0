import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { ChangeEvent, subscribeToChanges } from './api';

/** Change events arriving together (a run's metric batches, a registration and its promotion) are one refetch. */
export const REFRESH_MS = 300;

export interface ILiveQueryOptions<T> {
  /** Fetches the value; `current` is the value shown now (null before the first answer). */
  fetch: (current: T | null) => Promise<T>;
  /** Whether a change event of the service makes the value stale. */
  isRelevant: (event: ChangeEvent) => boolean;
  /** The wait between the first relevant event and the refetch (default REFRESH_MS). */
  delayMs?: number;
  /** Whether a failed fetch keeps the value shown (default) or clears it. */
  keepOnError?: boolean;
}

export interface ILiveState<T> {
  value: T | null;
  loading: boolean;
  /** Why the last fetch failed; null after a fetch that worked. */
  error: Error | null;
}

/**
 * A value of the service kept current from its change events (no polling from the browser):
 * fetched on start, refetched at most once per `delayMs` while relevant events arrive, and
 * never overwritten by an answer older than the last request (a generation counter). Every
 * live list and detail model of the extension is one of these.
 */
export class LiveQuery<T> implements IDisposable {
  private _state: ILiveState<T> = { value: null, loading: false, error: null };
  private readonly _changed = new Signal<this, ILiveState<T>>(this);
  private readonly _events = new Signal<this, ChangeEvent>(this);
  private live: IDisposable | null = null;
  private timer: number | undefined;
  private generation = 0;
  private _isDisposed = false;

  constructor(private readonly options: ILiveQueryOptions<T>) {}

  get state(): ILiveState<T> {
    return this._state;
  }

  get value(): T | null {
    return this._state.value;
  }

  get changed(): ISignal<this, ILiveState<T>> {
    return this._changed;
  }

  /** Each relevant change event, before the refetch it schedules. */
  get events(): ISignal<this, ChangeEvent> {
    return this._events;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Follows the change events (once), without fetching now. */
  follow(): void {
    this.live ??= subscribeToChanges(event => {
      if (this.options.isRelevant(event)) {
        this._events.emit(event);
        this.scheduleRefresh();
      }
    });
  }

  /** Follows the change events and fetches the value (the first time only). */
  start(): void {
    if (!this.live) {
      this.follow();
      void this.refresh();
    }
  }

  /** Fetches now; an answer to an older request than the latest is dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.update({ loading: true });
    try {
      const value = await this.options.fetch(this._state.value);
      if (generation === this.generation) {
        this.update({ value, loading: false, error: null });
      }
    } catch (error) {
      if (generation === this.generation) {
        const value = this.options.keepOnError === false ? null : this._state.value;
        this.update({ value, loading: false, error: error as Error });
      }
    }
  }

  /**
   * Changes the value from a further request (a next page) unless a refresh started meanwhile.
   * Its failure is kept in `error`, with the value shown.
   */
  async extend(fetchMore: (current: T) => Promise<T>): Promise<void> {
    const current = this._state.value;
    if (current === null || this._state.loading) {
      return;
    }
    const generation = this.generation;
    this.update({ loading: true });
    try {
      const value = await fetchMore(current);
      if (generation === this.generation) {
        this.update({ value, loading: false });
      }
    } catch (error) {
      if (generation === this.generation) {
        this.update({ loading: false, error: error as Error });
      }
    }
  }

  /** A refetch `delayMs` after the first call; calls meanwhile join it (events: at most one per delay). */
  scheduleRefresh(): void {
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.refresh();
      }, this.options.delayMs ?? REFRESH_MS);
    }
  }

  /** A refetch `delayMs` after the last call (typing: one request per word, not per key). */
  refreshAfterQuiet(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this.live?.dispose();
    clearTimeout(this.timer);
    Signal.clearData(this);
  }

  private update(change: Partial<ILiveState<T>>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}

/**
 * A panel's model: its state `S` joins what one `LiveQuery<T>` fetched with what the user chose
 * (a query, a selection, actions in flight). A subclass fetches, says which events concern it, and
 * maps each live state into its own (`fromLive`); the wiring around the query lives here once.
 */
export abstract class LiveModel<S, T> implements IDisposable {
  protected readonly live: LiveQuery<T>;
  private _state: S;
  private readonly _changed = new Signal<this, S>(this);

  constructor(initial: S, options: Pick<ILiveQueryOptions<T>, 'delayMs' | 'keepOnError'> = {}) {
    this._state = initial;
    this.live = new LiveQuery<T>({
      ...options,
      fetch: current => this.fetch(current),
      isRelevant: event => this.isRelevant(event)
    });
    this.live.changed.connect((_, live) => this.update(this.fromLive(live)));
  }

  get state(): S {
    return this._state;
  }

  get changed(): ISignal<this, S> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this.live.isDisposed;
  }

  /** Loads and follows the service's changes (when the panel is first shown; later calls do nothing). */
  start(): void {
    this.live.start();
  }

  /** Follows the service's changes without loading now (the first load comes from setting a query). */
  follow(): void {
    this.live.follow();
  }

  refresh(): Promise<void> {
    return this.live.refresh();
  }

  dispose(): void {
    if (!this.live.isDisposed) {
      this.live.dispose();
      Signal.clearData(this);
    }
  }

  /** Fetches the value; `current` is the one shown now (null before the first answer). */
  protected abstract fetch(current: T | null): Promise<T>;

  /** Whether a change event of the service makes the value stale. */
  protected abstract isRelevant(event: ChangeEvent): boolean;

  /** The part of the state a new live state (value, loading, error) sets. */
  protected abstract fromLive(live: ILiveState<T>): Partial<S>;

  protected update(change: Partial<S>): void {
    this._state = { ...this._state, ...change };
    this._changed.emit(this._state);
  }
}
