/**
 * mlnb: experiment tracking, a dataset catalog and productionized notebooks for TypeScript.
 *
 * In a notebook on the "TypeScript (mlnb)" kernel this module is in scope as `mlnb`.
 */
export { MLNB_VERSION as version } from './version';
export { info, printInfo } from './info';
export type { MlnbInfo } from './info';
export { locateStore } from './store/engine/locate';
export type { StoreLocation } from './store/engine/locate';
export { clearOutput, plot } from './display';
export type { PlotlyFigure } from './display';
export { artifact, capture, dataRef, log, param, run, seed, tag } from './api';
export type { RunInfo } from './capture/recorder';
export type { ArtifactRecord, DataRef, RunRecord, RunSummary } from './store/runs/types';
export { catalog, hist } from './catalog';
export type { DataFrame, RegisterDatasetOptions, TableLike } from './catalog';
export { sql } from './catalog/sql';
export type { DatasetAnnotations, DatasetHit, DatasetRecord } from './store/datasets/types';
export { evaluate } from './evaluate';
export type { EvaluateOptions, Evaluation, EvaluationData, Measure, Predictor, Task } from './evaluate';
export { models } from './models';
export type { RunArtifactRef } from './models';
export type {
  ModelRecord,
  ModelStage,
  ModelSummary,
  ModelVersionRecord,
  StageChange
} from './store/models/types';
