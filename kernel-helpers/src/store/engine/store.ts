import type { StoreLocation } from './locate';
import type { DatasetStore } from '../datasets/types';
import type { DoctorStore } from '../doctor/store';
import type { IncidentStore } from '../incidents/types';
import type { ReviewStore } from '../review/types';
import type { JobStore } from '../jobs/types';
import type { ModelStore } from '../models/types';
import type { PipelineStore } from '../pipelines/types';
import type { RunStore } from '../runs/types';

/** What a store says about itself (shown by `%mlnb`, `GET /api/health`, `mlnb store check`). */
export interface StoreInfo {
  engine: StoreLocation['engine'];
  /** Printable location: a file path, or a URL with the password masked. */
  location: string;
  /** A random id given to the store when it was created; it survives copies and renames. */
  id: string;
  /** The highest migration applied. */
  schemaVersion: number;
}

export interface StoreCheck {
  ok: boolean;
  problems: string[];
}

/** A store's entities, each behind its own interface. */
export interface EntityStores {
  readonly runs: RunStore;
  readonly datasets: DatasetStore;
  readonly jobs: JobStore;
  readonly models: ModelStore;
  readonly incidents: IncidentStore;
  readonly doctor: DoctorStore;
  readonly review: ReviewStore;
  readonly pipelines: PipelineStore;
}

/**
 * The one store interface. Every method is async so that an engine on a network database
 * (PostgreSQL) implements the same contract as the embedded SQLite engine.
 */
export interface Store extends EntityStores {
  readonly location: StoreLocation;
  /** The folder that holds artifact files (models, diffs, executed notebooks). */
  readonly artifactRoot: string;
  info(): Promise<StoreInfo>;
  /** Integrity and schema checks, for `mlnb store check`. */
  check(): Promise<StoreCheck>;
  /**
   * Where the engine can push changes (PostgreSQL's LISTEN/NOTIFY): calls `listener` when another
   * process commits a change to runs or datasets; resolves to a function that stops it; calls
   * `lost` if the push stops by itself (the server went away). Engines without it are polled.
   */
  onChange?(listener: () => void, lost?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A store problem a user can act on: a newer schema, an unsupported engine, a broken file. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
