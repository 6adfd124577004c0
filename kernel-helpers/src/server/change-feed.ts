import type { ChangeEvent } from '../contracts';
import type { Store } from '../store/engine/store';
import { ChangeCursor } from './change-cursor';

/** What the event stream says changed (schemas/api.schema.json, generated in src/contracts). */
export type { ChangeEvent };

type Listener = (event: ChangeEvent) => void;

/** How often the store is asked for changes while someone listens (ms). */
const POLL_MS = 250;
/** With pushed changes (PostgreSQL), polling is only the safety net for a lost notification. */
const PUSHED_POLL_MS = 5_000;
/** Notified changes are looked at together at most this often: a busy team writes many a second. */
const NOTIFIED_GAP_MS = 100;

/**
 * Live changes of runs, datasets, models and incidents for the browser. Kernels and runners write to the store from other
 * processes, so the feed asks the store for runs changed since its last look (a cheap indexed
 * query), only while at least one client listens, and fans the events out. It asks on a timer,
 * or, where the store pushes changes (PostgreSQL's NOTIFY), as each change is committed.
 */
export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private readonly runs = new ChangeCursor();
  private readonly datasets = new ChangeCursor();
  private readonly models = new ChangeCursor();
  private readonly incidents = new ChangeCursor();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A change arrived while polling: poll once more after. */
  private again = false;
  private stopListening: Promise<(() => Promise<void>) | undefined> | undefined;
  private lastPoll = 0;
  /** A look asked for by a notification, waiting out NOTIFIED_GAP_MS. */
  private notified: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      const pushed = this.store.onChange !== undefined;
      this.timer = setInterval(() => void this.poll(), pushed ? PUSHED_POLL_MS : POLL_MS);
      if (pushed) {
        // Each notification asks the store what changed, soon; without them, poll fast.
        const pollFast = () => {
          if (this.timer) {
            clearInterval(this.timer);
            this.timer = setInterval(() => void this.poll(), POLL_MS);
          }
        };
        this.stopListening = this.store.onChange!(() => this.pollSoon(), pollFast).catch(() => {
          pollFast();
          return undefined;
        });
      }
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stop();
      }
    };
  }

  /** For changes the service makes itself (a delete leaves no row to find). */
  publish(event: ChangeEvent): void {
    this.listeners.forEach(listener => listener(event));
  }

  close(): void {
    this.stop();
    this.listeners.clear();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.notified);
    this.notified = undefined;
    void this.stopListening?.then(stop => stop?.());
    this.stopListening = undefined;
  }

  /** One look within NOTIFIED_GAP_MS of the last, however many notifications arrive meanwhile. */
  private pollSoon(): void {
    if (this.notified) {
      return;
    }
    const wait = Math.max(0, this.lastPoll + NOTIFIED_GAP_MS - Date.now());
    this.notified = setTimeout(() => {
      this.notified = undefined;
      void this.poll();
    }, wait);
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    this.again = false;
    this.lastPoll = Date.now();
    try {
      const { runs, datasets, models, incidents } = this.store;
      const changedRuns = await runs.changedSince(this.runs.since);
      for (const change of this.runs.fresh(changedRuns, c => c.id)) {
        this.publish({ type: 'run-changed', id: change.id, updatedAt: change.updatedAt });
      }
      const changedDatasets = await datasets.changedSince(this.datasets.since);
      for (const change of this.datasets.fresh(changedDatasets, c => c.name)) {
        this.publish({ type: 'dataset-changed', name: change.name });
      }
      const changedModels = await models.changedSince(this.models.since);
      for (const change of this.models.fresh(changedModels, c => c.name)) {
        this.publish({ type: 'model-changed', name: change.name });
      }
      const changedIncidents = await incidents.changedSince(this.incidents.since);
      for (const change of this.incidents.fresh(changedIncidents, c => c.id)) {
        this.publish({ type: 'incident-changed', id: change.id });
      }
    } catch {
      // The store is busy or gone for a moment: try again on the next tick.
    } finally {
      this.polling = false;
    }
    if (this.again && this.listeners.size > 0) {
      void this.poll();
    }
  }
}
