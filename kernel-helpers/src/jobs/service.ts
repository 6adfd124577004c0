import type { Store } from '../store/engine/store';
import { attemptRunner } from './attempt';
import { systemClock } from './clock';
import type { DriftSource } from './gates';
import { PipelineTriggers } from './pipelines/triggers';
import { Scheduler, StartAttempt } from './scheduler';

export interface SchedulerServiceOptions {
  drift?: DriftSource;
  /** One line per attempt started and ended. */
  log?: (line: string) => void;
  onChange?: (jobId: string) => void;
  /** Told after each change of a pipeline's runs. */
  onPipelineChange?: (pipelineId: string) => void;
}

/** The scheduler on the system clock, running real attempts (`mlnb scheduler`, `mlnb serve`). */
export function startScheduler(store: Store, options: SchedulerServiceOptions = {}): Scheduler {
  const run = attemptRunner({ store, drift: options.drift });
  const log = options.log;
  const startAttempt: StartAttempt = log
    ? context => {
        const what = `job ${context.job.name} ${context.trigger} ${new Date(context.slot).toISOString()} attempt ${context.attempt}`;
        log(`${new Date().toISOString()} start ${what}`);
        const started = run(context);
        void started.done.then(outcome =>
          log(
            `${new Date().toISOString()} ${outcome.ok ? 'succeeded' : 'failed'} ${what}${outcome.error ? `: ${outcome.error}` : ''}`
          )
        );
        return started;
      }
    : run;
  const scheduler = new Scheduler({
    jobs: store.jobs,
    datasets: store.datasets,
    clock: systemClock,
    startAttempt,
    onChange: options.onChange
  });
  const pipelines = new PipelineTriggers({
    store,
    scheduler,
    now: () => systemClock.now(),
    onChange: options.onPipelineChange
  });
  scheduler.addTickWork(now => pipelines.tick(now));
  scheduler.start();
  return scheduler;
}
