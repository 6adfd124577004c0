import { ISignal, Signal } from '@lumino/signaling';
import { parseJsonOr } from '../json';
import { IRunRecord } from './types';

/** localStorage key of an experiment's pinned metrics (the experiment is a notebook path). */
const storageKey = (experiment: string): string => `mlnb:pinned-metrics:${experiment}`;

/**
 * The metrics to show when the user has pinned none: the evaluation's measure metric (the run
 * carries the `mlnb.measure` tag and the `eval_measure` parameter "f1_macro >= 0.8"), else the
 * series logged most recently.
 */
export function defaultPins(run: Pick<IRunRecord, 'tags' | 'params' | 'metrics'>): string[] {
  const measure = run.tags['mlnb.measure'] !== undefined ? run.params['eval_measure']?.value : undefined;
  const metric = typeof measure === 'string' ? /^(\S+) [<>]=/.exec(measure)?.[1] : undefined;
  if (metric && run.metrics[metric]) {
    return [metric];
  }
  const lastTime = (key: string): string => run.metrics[key].at(-1)?.time ?? '';
  const latest = Object.keys(run.metrics).sort((a, b) => lastTime(b).localeCompare(lastTime(a)))[0];
  return latest ? [latest] : [];
}

/** Keys with the pinned ones first (in pin order), the rest in their own order. */
export function pinnedFirst(keys: string[], pins: readonly string[]): string[] {
  return [...pins.filter(p => keys.includes(p)), ...keys.filter(k => !pins.includes(k))];
}

/**
 * The metrics pinned per experiment, remembered in the browser (localStorage); experiments the
 * user never pinned in get defaultPins of their newest run, fetched once.
 */
export class MetricPins {
  private readonly defaults = new Map<string, string[]>();
  private readonly asked = new Set<string>();
  private readonly _changed = new Signal<this, string>(this);

  /** `fetchRun`: the service's run (RunsApi.get), for the defaults of the run list. */
  constructor(
    private readonly fetchRun: (id: string) => Promise<IRunRecord>,
    private readonly storage: Storage = window.localStorage
  ) {}

  /** Emits the experiment whose pins changed. */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  /** The pins the user chose, or null when they never pinned in this experiment. */
  chosen(experiment: string): string[] | null {
    const text = this.storage.getItem(storageKey(experiment));
    // Not JSON, or not a list: written by something else, treated as never pinned.
    const value = text === null ? null : parseJsonOr(text, null);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  }

  /** The pins shown: the user's, else the default once known (empty until then). */
  get(experiment: string): string[] {
    return this.chosen(experiment) ?? this.defaults.get(experiment) ?? [];
  }

  isPinned(experiment: string, metric: string): boolean {
    return this.get(experiment).includes(metric);
  }

  /** Pins or unpins a metric in each experiment (a comparison may span several). */
  setPinned(experiments: string[], metric: string, pinned: boolean): void {
    for (const experiment of new Set(experiments)) {
      const pins = this.get(experiment).filter(p => p !== metric);
      this.storage.setItem(storageKey(experiment), JSON.stringify(pinned ? [...pins, metric] : pins));
      this._changed.emit(experiment);
    }
  }

  /** Sets the default from a run at hand (a detail view) if the experiment has none yet. */
  learnDefault(run: IRunRecord): void {
    if (!this.defaults.has(run.experiment)) {
      this.asked.add(run.experiment);
      this.defaults.set(run.experiment, defaultPins(run));
      this._changed.emit(run.experiment);
    }
  }

  /** Fetches the default of an experiment from its newest run, once (the list shows summaries). */
  ensureDefault(experiment: string, newestRunId: string): void {
    if (this.asked.has(experiment) || this.chosen(experiment) !== null) {
      return;
    }
    this.asked.add(experiment);
    void this.fetchRun(newestRunId).then(
      run => this.learnDefault(run),
      () => this.asked.delete(experiment) // Asked again on the next render.
    );
  }
}
