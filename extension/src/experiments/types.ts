/** Runs as the service returns them: the contracts generated from schemas/ (run, api). */
import type { RunPage, RunRecord, RunStatus, RunSummary } from '../api';

export type { RunStatus };
export type IRunSummary = RunSummary;
export type IRunPage = RunPage;
export type IRunRecord = RunRecord;
