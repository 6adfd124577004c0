import type { DatasetStore } from '../store/datasets/types';
import type { AttemptOwner, JobStore } from '../store/jobs/types';
import type { StartAttempt } from './attempt-types';
import type { Clock } from './clock';

export interface SchedulerOptions {
  jobs: JobStore;
  clock: Clock;
  startAttempt: StartAttempt;
  /** The catalog, whose new versions fire the jobs' data triggers (without it they do not fire). */
  datasets?: Pick<DatasetStore, 'get'>;
  /** Fire the jobs' schedules (false: only runs asked for with runNow, as `mlnb jobs run` does). */
  fireSchedules?: boolean;
  /** The longest sleep of the loop, so that new and changed jobs are seen (ms). */
  pollMs?: number;
  owner?: AttemptOwner;
  isAlive?: (pid: number) => boolean;
  /** Told after each change of a job's attempts (the service's change feed listens). */
  onChange?: (jobId: string) => void;
}

/** More work each tick does (pipelines' triggers): resolves with when it is due next (ms). */
export type TickWork = (now: number) => Promise<number>;
