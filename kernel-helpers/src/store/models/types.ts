import type {
  LiveMetric,
  ModelArtifact,
  ModelRecord,
  ModelStage,
  ModelSummary,
  ModelVersion,
  ServingStatus,
  StageChange
} from '../../contracts';
import type { Evaluation } from './evaluation';

/** The model registry's records, as in schemas/model.schema.json (the mirrors generated in src/contracts). */

export type { ModelArtifact, ModelRecord, ModelStage, ModelSummary, StageChange } from '../../contracts';
export const MODEL_STAGES: readonly ModelStage[] = ['none', 'staging', 'production', 'archived'];
/** Stages held by one version at a time: moving a version there archives the one before. */
export const EXCLUSIVE_STAGES: readonly ModelStage[] = ['staging', 'production'];

/** A version as the store keeps it: the contract's, without the file list only the service adds. */
export type ModelVersionRecord = Omit<ModelVersion, 'files'>;

export interface NewModelVersion {
  name: string;
  runId: string | null;
  artifact: ModelArtifact;
  evaluation: Evaluation | null;
  createdBy: string;
}

export interface StageMove {
  stage: ModelStage;
  by: string;
  forced?: boolean;
  reason?: string;
}

/** The registry part of the store. Policy (the measure check) is the caller's, in models/. */
export interface ModelStore {
  /** Adds the next version of `name` (creating the model on its first version), in stage none. */
  register(input: NewModelVersion): Promise<ModelVersionRecord>;
  /** Every model, most recently changed first. */
  list(): Promise<ModelSummary[]>;
  get(name: string): Promise<ModelRecord | null>;
  /** A version by number, or the one in an exclusive stage; null when there is none. */
  version(name: string, selector: number | ModelStage): Promise<ModelVersionRecord | null>;
  /**
   * Moves a version to a stage and records who did it; moving into staging or production
   * archives the version that held it, in the same transaction. Returns the changes made.
   */
  setStage(name: string, version: number, move: StageMove): Promise<StageChange[]>;
  /** Models registered or moved after `since` (ms), for live views. */
  changedSince(since: number): Promise<{ name: string; updatedAt: number }[]>;
  /** Appends a point to a version's live metric series (a model server, from feedback). */
  logLiveMetric(name: string, point: LiveMetric): Promise<void>;
  /** The live metric series of every version of `name`, by version, key and time. */
  liveMetrics(name: string): Promise<LiveMetric[]>;
  /** A model server says what it serves (at start, on a swap, as a heartbeat). */
  saveServer(status: ServingStatus): Promise<void>;
  /** The servers of `name` heard from at or after `aliveSince` (ms). */
  servers(name: string, aliveSince: number): Promise<ServingStatus[]>;
  removeServer(address: string): Promise<void>;
}

/** A reference written `name`, `name@3` or `name@production`. */
export interface ModelRef {
  name: string;
  version?: number;
  stage?: ModelStage;
}

export function parseModelRef(ref: string): ModelRef {
  const match = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,127})(?:@([A-Za-z0-9]+))?$/.exec(String(ref).trim());
  if (!match) {
    throw new ModelError(
      `"${ref}" is not a model reference: write name, name@VERSION or name@STAGE ` +
        `(a name has letters, digits, '_', '.', '-').`
    );
  }
  const [, name, at] = match;
  if (at === undefined) {
    return { name };
  }
  if (/^\d+$/.test(at)) {
    return { name, version: Number(at) };
  }
  if (!MODEL_STAGES.includes(at as ModelStage)) {
    throw new ModelError(`"${at}" is neither a version number nor a stage (${MODEL_STAGES.join(', ')}).`);
  }
  return { name, stage: at as ModelStage };
}

/** A registry problem a user can act on: an unknown model, version or stage; a refused move. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
