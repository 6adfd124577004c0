import { SqlDatasetStore } from '../datasets/store';
import { SqlDoctorStore } from '../doctor/store';
import { SqlIncidentStore } from '../incidents/store';
import { SqlJobStore } from '../jobs/store';
import { SqlModelStore } from '../models/store';
import { SqlPipelineStore } from '../pipelines/store';
import { SqlReviewStore } from '../review/store';
import { SqlRunStore } from '../runs/store';
import type { Driver } from './driver';
import type { StoreLocation } from './locate';
import { LATEST_SCHEMA_VERSION } from './migrations';
import type { EntityStores, Store, StoreCheck, StoreInfo } from './store';

/** Which class writes which entity, over one driver. */
function entityStores(driver: Driver): EntityStores {
  return {
    runs: new SqlRunStore(driver),
    datasets: new SqlDatasetStore(driver),
    jobs: new SqlJobStore(driver),
    models: new SqlModelStore(driver),
    incidents: new SqlIncidentStore(driver),
    doctor: new SqlDoctorStore(driver),
    review: new SqlReviewStore(driver),
    pipelines: new SqlPipelineStore(driver)
  };
}

/** A base whose instances hold the entity stores as their own fields, typed by EntityStores. */
const WithEntityStores = class {
  constructor(driver: Driver) {
    Object.assign(this, entityStores(driver));
  }
} as new (driver: Driver) => EntityStores;

/**
 * What every engine's store is: the entity stores over the engine's driver, what the store says
 * about itself, and pushed changes where the driver has them. An engine adds how it opens,
 * reads its schema version, checks itself and closes.
 */
export abstract class SqlStore extends WithEntityStores implements Store {
  readonly onChange?: Store['onChange'];

  protected constructor(
    readonly location: StoreLocation,
    readonly artifactRoot: string,
    protected readonly driver: Driver
  ) {
    super(driver);
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
