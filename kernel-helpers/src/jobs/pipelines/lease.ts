import { isProcessAlive, thisHost } from '../../store/engine/liveness';
import type { Store } from '../../store/engine/store';
import type { PipelineRun, RunLease } from '../../store/pipelines/types';

/**
 * A pipeline run's lease: the process that drives it (host, pid) and until when it holds it.
 * The runner renews it while it is alive; when it stops (killed, its machine gone), the next
 * scheduler tick, `resume` or `show` fails the run with the reason, and it can be resumed. On this
 * host a runner whose process is gone is known at once; elsewhere, when its lease runs out.
 * Leases are wall-clock times, shared between processes (never a test's clock).
 */

/** A lease lasts this long unless renewed (ms): four renewals may be missed before it expires. */
export const LEASE_MS = 60_000;
const RENEW_EVERY_MS = LEASE_MS / 4;

/** A lease held by this process from now. */
export function newLease(): RunLease {
  return { host: thisHost(), pid: process.pid, until: Date.now() + LEASE_MS };
}

/** Renews the run's lease until the returned function is called (when the run ends). */
export function holdLease(store: Store, runId: string): () => void {
  const timer = setInterval(() => {
    // A store closing under the runner is the runner stopping: the lease then runs out.
    store.pipelines.renewLease(runId, newLease()).catch(() => undefined);
  }, RENEW_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Fails the runs whose runner stopped; returns them (their pipelines changed). */
export function expireStoppedRuns(store: Store): Promise<PipelineRun[]> {
  return store.pipelines.expireRuns({ now: Date.now(), host: thisHost(), isAlive: isProcessAlive });
}
