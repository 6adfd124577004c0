import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { IncidentsApi, type AffectedSet, type IncidentRecord } from '../api';
import { LiveQuery } from '../live';

/** An open incident as a badge names it. */
export interface IIncidentMark {
  id: string;
  title: string;
}

export type MarkedKind = keyof AffectedSet;

/**
 * The open incidents and what each affects, live: an incident opened or resolved anywhere, and
 * a run, dataset or job recorded downstream of one, refreshes it. The panels' badges ask it.
 */
export class OpenIncidentsModel implements IDisposable {
  private readonly query = new LiveQuery<IncidentRecord[]>({
    fetch: () => IncidentsApi.list('open'),
    isRelevant: event =>
      [
        'incident-changed',
        'run-changed',
        'run-deleted',
        'dataset-changed',
        'model-changed',
        'job-changed'
      ].includes(event.type)
  });
  private readonly _changed = new Signal<this, void>(this);

  constructor() {
    this.query.changed.connect(() => this._changed.emit());
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Follows the service from the first panel that shows a badge. */
  start(): void {
    this.query.start();
  }

  /**
   * The open incidents affecting `ref` in `kind`: a run id, a job name, a model or dataset
   * `name@VERSION`, or a dataset's bare name (any of its versions).
   */
  marks(kind: MarkedKind, ref: string): IIncidentMark[] {
    const matches = (item: string) => item === ref || (kind === 'datasets' && item.startsWith(`${ref}@`));
    return (this.query.value ?? [])
      .filter(incident => incident.affected[kind].some(matches))
      .map(({ id, title }) => ({ id, title }));
  }

  get isDisposed(): boolean {
    return this.query.isDisposed;
  }

  dispose(): void {
    Signal.clearData(this);
    this.query.dispose();
  }
}
