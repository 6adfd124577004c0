import type { Scheduler } from '../jobs/scheduler';
import type { Store } from '../store/engine/store';

/**
 * Runs `work` with a scheduler of this process that starts attempts but fires no schedules
 * (`mlnb jobs run`, `mlnb pipelines run|resume`), stopped afterwards or on Ctrl-C.
 * `what` names the command in the reason an interrupted attempt is given.
 */
export async function withLocalScheduler<T>(
  store: Store,
  what: string,
  work: (scheduler: Scheduler) => Promise<T>
): Promise<T> {
  const { Scheduler } = await import('../jobs/scheduler');
  const { attemptRunner } = await import('../jobs/attempt');
  const { systemClock } = await import('../jobs/clock');
  const scheduler = new Scheduler({
    jobs: store.jobs,
    clock: systemClock,
    startAttempt: attemptRunner({ store }),
    fireSchedules: false
  });
  scheduler.start();
  const stop = () => void scheduler.stop(`${what} was interrupted`);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(scheduler);
  } finally {
    await scheduler.stop();
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
