import type { AffectedSet, IncidentRecord, IncidentTarget, IncidentTargetKind } from '../../contracts';

/** The incident record and its parts: generated from schemas/incident.schema.json (src/contracts). */
export type {
  AffectedSet,
  IncidentNote,
  IncidentRecord,
  IncidentTarget,
  IncidentTargetKind
} from '../../contracts';

export const TARGET_KINDS: readonly IncidentTargetKind[] = ['dataset', 'run', 'model', 'job'];

export interface NewIncident {
  title: string;
  /** Resolved already: a dataset or model version `name@VERSION`, a full run id, a job name. */
  target: IncidentTarget;
  by: string;
  note?: string;
}

export type IncidentStatus = IncidentRecord['status'];

/** Incidents, and what lies downstream of a target in the lineage. */
export interface IncidentStore {
  open(input: NewIncident): Promise<IncidentRecord>;
  /** Newest first; every incident when `status` is not given. */
  list(status?: IncidentStatus): Promise<IncidentRecord[]>;
  get(id: string): Promise<IncidentRecord | null>;
  /** Ids starting with `prefix` (at most `limit`), for short ids on the command line. */
  findIds(prefix: string, limit: number): Promise<string[]>;
  addNote(id: string, note: { by: string; text: string }): Promise<IncidentRecord>;
  /** Resolves an open incident (with a closing note when given); a resolved one is refused. */
  resolve(id: string, by: string, note?: string): Promise<IncidentRecord>;
  /** The target and everything downstream of it, transitively. */
  affected(target: IncidentTarget): Promise<AffectedSet>;
  /** Model versions and runs and everything upstream of them (what made them), transitively. */
  upstream(roots: { models: string[]; runs: string[] }): Promise<AffectedSet>;
  /** Incidents opened, noted or resolved after `since` (ms), for live views. */
  changedSince(since: number): Promise<{ id: string; updatedAt: number }[]>;
}

/** An incident problem a user can act on: an unknown id, resolving a resolved incident. */
export class IncidentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncidentError';
  }
}
