import type { FindingKind, ReviewFinding } from '../../contracts';

/** A review's findings and the kinds: generated from schemas/review.schema.json (src/contracts). */
export type { FindingKind, ReviewFinding, ReviewReport } from '../../contracts';

/** What the store finds dead by itself (the file system's part is the caller's). */
export type Candidate = Omit<ReviewFinding, 'keptBy'>;

/** The kinds gc may remove; the others are listed for a person to decide. */
export const REMOVABLE: readonly FindingKind[] = [
  'dataset-never-loaded',
  'version-never-read',
  'job-paused',
  'run-without-metrics',
  'orphan-artifact'
];

export interface RemovalRecord {
  kind: FindingKind;
  ref: string;
  reason: string;
  by: string;
  at: string;
}

/** Reviews of what is dead, and the removals gc made. */
export interface ReviewStore {
  /** What looks dead among records older than `before` (ms). */
  candidates(before: number): Promise<Candidate[]>;
  /** Every experiment (notebook path) runs were recorded under. */
  experiments(): Promise<string[]>;
  /** What artifact folders may belong to: run ids, job ids, model artifact paths. */
  artifactOwners(): Promise<{ runs: Set<string>; jobs: Set<string>; modelPaths: string[] }>;
  record(review: { by: string; olderThanDays: number; findings: ReviewFinding[] }, at: number): Promise<void>;
  /**
   * Removes one finding and records the removal, in one transaction whose statement checks again
   * that it is still dead (another process may have read, logged to or resumed it meanwhile).
   * Returns false when it no longer was, and nothing was removed. An orphan artifact's files are
   * the caller's to delete; this records it.
   */
  remove(finding: Candidate, by: string, before: number): Promise<boolean>;
  removals(): Promise<RemovalRecord[]>;
}
