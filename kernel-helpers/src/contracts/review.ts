// Generated from schemas/review.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type FindingKind =
  | 'dataset-never-loaded'
  | 'version-never-read'
  | 'job-failing'
  | 'job-paused'
  | 'model-never-promoted'
  | 'run-without-metrics'
  | 'orphan-artifact'
  | 'experiment-notebook-gone';

/**
 * What looks dead in the store (`mlnb review --json`, `mlnb gc --json`): each finding says whether gc may remove it, or what keeps it.
 */
export interface ReviewReport {
  reviewedAt: string;
  olderThanDays: number;
  findings: ReviewFinding[];
  /**
   * `mlnb gc --yes` only: what was removed (each recorded in the store)
   */
  removed?: ReviewFinding[];
}

export interface ReviewFinding {
  kind: FindingKind;
  /**
   * name@VERSION, a run id, a job name, a model, a path
   */
  ref: string;
  reason: string;
  /**
   * What gc must not break (a production model, an open incident), or null when gc may remove it
   */
  keptBy: string | null;
}
