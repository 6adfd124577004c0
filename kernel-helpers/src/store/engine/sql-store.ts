import { SqlDatasetStore } from '../datasets/store';
import type { DatasetStore } from '../datasets/types';
import { SqlDoctorStore, type DoctorStore } from '../doctor/store';
import { SqlIncidentStore } from '../incidents/store';
import { SqlReviewStore } from '../review/store';
import type { ReviewStore } from '../review/types';
import type { IncidentStore } from '../incidents/types';
import { SqlJobStore } from '../jobs/store';
import type { JobStore } from '../jobs/types';
import { SqlModelStore } from '../models/store';
import type { ModelStore } from '../models/types';
import { SqlPipelineStore } from '../pipelines/store';
import type { PipelineStore } from '../pipelines/types';
import { SqlRunStore } from '../runs/store';
import type { RunStore } from '../runs/types';
import type { Driver } from './driver';
import type { StoreLocation } from './locate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import type { Store, StoreCheck, StoreInfo } from './store';

/**
 * What every engine's store is: the entity stores over the engine's driver, what the store says
 * about itself, and pushed changes where the driver has them. An engine adds how it opens,
 * reads its schema version, checks itself and closes.
 */
export abstract class SqlStore implements Store {
  readonly runs: RunStore;
  readonly datasets: DatasetStore;
  readonly jobs: JobStore;
  readonly models: ModelStore;
  readonly incidents: IncidentStore;
  readonly doctor: DoctorStore;
  readonly review: ReviewStore;
  readonly pipelines: PipelineStore;
  readonly onChange?: Store['onChange'];

  protected constructor(
    readonly location: StoreLocation,
    readonly artifactRoot: string,
    protected readonly driver: Driver
  ) {
    this.runs = new SqlRunStore(driver);
    this.datasets = new SqlDatasetStore(driver);
    this.jobs = new SqlJobStore(driver);
    this.models = new SqlModelStore(driver);
    this.incidents = new SqlIncidentStore(driver);
    this.doctor = new SqlDoctorStore(driver);
    this.review = new SqlReviewStore(driver);
    this.pipelines = new SqlPipelineStore(driver);
    if (driver.listen) {
      this.onChange = driver.listen.bind(driver);
    }
  }

  async info(): Promise<StoreInfo> {
    const row = await this.driver.get<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'id'`);
    return {
      engine: this.location.engine,
      location: this.location.display,
      id: row?.value ?? '',
      schemaVersion: await this.schemaVersion()
    };
  }

  async check(): Promise<StoreCheck> {
    const problems: string[] = [];
    const version = await this.schemaVersion();
    if (version !== LATEST_SCHEMA_VERSION) {
      problems.push(`schema version ${version}, expected ${LATEST_SCHEMA_VERSION}`);
    }
    problems.push(...(await this.engineProblems()));
    return { ok: problems.length === 0, problems };
  }

  protected abstract schemaVersion(): Promise<number>;
  /** What only this engine can find wrong (SQLite's integrity check, PostgreSQL's search rows). */
  protected abstract engineProblems(): Promise<string[]>;
  abstract close(): Promise<void>;
}
