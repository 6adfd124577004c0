import type { Store } from '../store/engine/store';
import type { AffectedSet, IncidentRecord, IncidentTargetKind } from '../store/incidents/types';

/** An open incident as a badge names it. */
export interface IncidentMark {
  id: string;
  title: string;
}

const SET_OF: Record<IncidentTargetKind, keyof AffectedSet> = {
  dataset: 'datasets',
  run: 'runs',
  model: 'models',
  job: 'jobs'
};

/**
 * The open incidents and what each affects, read once: the answer to "is this affected?" for
 * badges, the `no-open-incidents` gate and promotion. Resolved incidents affect nothing.
 */
export class OpenIncidents {
  private constructor(readonly incidents: IncidentRecord[]) {}

  static async read(store: Store): Promise<OpenIncidents> {
    return new OpenIncidents(await store.incidents.list('open'));
  }

  /** The open incidents that affect `ref` (a dataset or model `name@VERSION`, a run id, a job name). */
  affecting(kind: IncidentTargetKind, ref: string): IncidentMark[] {
    return this.incidents
      .filter(incident => incident.affected[SET_OF[kind]].includes(ref))
      .map(({ id, title }) => ({ id, title }));
  }
}
