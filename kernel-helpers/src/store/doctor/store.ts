import { SqlEntityStore } from '../engine/entity-store';
import { gatherEvidence, StoreEvidence } from './evidence';

export type { StoreEvidence } from './evidence';

/** What `mlnb doctor` reads: the evidence behind each question, in one pass over the store. */
export interface DoctorStore {
  /** Runs, attempts and users since `since` (ms); datasets, jobs, models and notes of all time. */
  evidence(since: number): Promise<StoreEvidence>;
}

export class SqlDoctorStore extends SqlEntityStore implements DoctorStore {
  evidence(since: number): Promise<StoreEvidence> {
    return gatherEvidence(this.db, since);
  }
}
