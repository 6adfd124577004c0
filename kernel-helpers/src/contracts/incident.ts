// Generated from schemas/incident.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type IncidentTargetKind = 'dataset' | 'run' | 'model' | 'job';

/**
 * A bug tracked through the lineage: what it was opened on, its notes, and everything downstream of its target (computed when read), as `mlnb incidents show ID --json` and `GET /api/incidents/{id}` give it.
 */
export interface IncidentRecord {
  id: string;
  title: string;
  target: IncidentTarget;
  status: 'open' | 'resolved';
  openedBy: string;
  openedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /**
   * Oldest first
   */
  notes: IncidentNote[];
  affected: AffectedSet;
}

export interface IncidentTarget {
  kind: IncidentTargetKind;
  /**
   * A dataset version name@VERSION, a run id, a model version name@VERSION, or a job name
   */
  ref: string;
}

export interface IncidentNote {
  at: string;
  by: string;
  text: string;
}

/**
 * Everything downstream of the target in the lineage, the target included: runs that read an affected dataset version (or ran an affected job), the dataset versions those runs produced, the model versions registered from them, the jobs whose attempts ran them.
 */
export interface AffectedSet {
  /**
   * name@VERSION
   */
  datasets: string[];
  /**
   * run ids
   */
  runs: string[];
  /**
   * name@VERSION
   */
  models: string[];
  /**
   * job names
   */
  jobs: string[];
}
