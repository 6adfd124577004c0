import type { PipelineRecord } from '../../store/pipelines/types';
import { nextTime, timesBetween } from '../cron';
import { newVersionDue } from '../data-trigger';
import { expireStoppedRuns } from './lease';
import { PipelineRunnerOptions, startPipelineRun, StartedPipelineRun } from './run';

/** A scheduled slot older than this when the scheduler sees it is not run (as jobs' default deadline). */
const STARTING_DEADLINE_MS = 300_000;

/**
 * What starts pipelines by themselves, checked on each scheduler tick: their cron schedule, and
 * a new version of their trigger dataset. Both take a lease (the run's unique slot), so a slot
 * or a version starts one run whatever the number of schedulers. While a run of the pipeline is
 * under way nothing new starts; a version that arrived meanwhile starts one afterwards. Versions
 * that arrive within the debounce of each other start one run, for the newest, which is handed
 * to every step that loads the dataset by its bare name. A run whose runner stopped is failed
 * first (its lease), so that it does not hold off the pipeline for ever.
 */
export class PipelineTriggers {
  /** Runs started here, until they end (so that stopping can wait for them). */
  readonly started = new Set<Promise<unknown>>();

  constructor(private readonly options: PipelineRunnerOptions & { now: () => number }) {}

  /** Starts what is due at `now`; returns when something is due next (ms, Infinity: nothing). */
  async tick(now: number): Promise<number> {
    let wake = Infinity;
    for (const expired of await expireStoppedRuns(this.options.store)) {
      this.options.onChange?.(expired.pipelineId);
    }
    for (const pipeline of await this.options.store.pipelines.list()) {
      if (!pipeline.enabled) {
        continue;
      }
      // Any run under way holds off the next, the newest or an older one resumed.
      const busy = await this.options.store.pipelines.hasRunning(pipeline.id);
      if (pipeline.schedule) {
        wake = Math.min(wake, await this.fireSchedule(pipeline, now, busy));
      }
      if (pipeline.onNewVersion) {
        wake = Math.min(wake, await this.fireOnNewVersion(pipeline, now, busy));
      }
    }
    return wake;
  }

  private async fireSchedule(pipeline: PipelineRecord, now: number, busy: boolean): Promise<number> {
    const schedule = pipeline.schedule!;
    const known = (await this.options.store.pipelines.lastSlot(pipeline.id, 'schedule')) ?? -Infinity;
    const after = Math.max(known, Date.parse(pipeline.updatedAt));
    const due = timesBetween(schedule, after, now, 1000);
    const slot = due[due.length - 1];
    if (slot !== undefined && now - slot <= STARTING_DEADLINE_MS && !busy) {
      this.track(await startPipelineRun(this.options, pipeline, 'schedule', slot));
    }
    return nextTime(schedule, now) ?? Infinity;
  }

  private async fireOnNewVersion(pipeline: PipelineRecord, now: number, busy: boolean): Promise<number> {
    const trigger = pipeline.onNewVersion!;
    const { store } = this.options;
    const seen = (await store.pipelines.lastSlot(pipeline.id, 'dataset')) ?? 0;
    const due = await newVersionDue(store.datasets, trigger, seen, Date.parse(pipeline.updatedAt), now);
    if (due.fire && !busy) {
      const { version } = due.fire;
      this.track(
        await startPipelineRun(this.options, pipeline, 'dataset', version, { [trigger.dataset]: version })
      );
    }
    return due.wakeAt ?? Infinity;
  }

  private track(started: StartedPipelineRun | null): void {
    if (started) {
      const done = started.done.catch(() => undefined);
      this.started.add(done);
      void done.finally(() => this.started.delete(done));
    }
  }
}
