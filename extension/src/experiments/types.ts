/** Runs as the service returns them: the contracts generated from schemas/ (run, api). */
import type { CellRecord, ChangeEvent, RunPage, RunRecord, RunStatus, RunSummary } from '../api';

export type { RunStatus };
export type IRunSummary = RunSummary;
export type IRunPage = RunPage;
export type IRunCell = CellRecord;
export type IRunRecord = RunRecord;

/** A run change announced by the service's event stream. */
export type RunChange = Extract<ChangeEvent, { type: 'run-changed' | 'run-deleted' }>;
