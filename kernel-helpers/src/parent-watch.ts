import { isProcessAlive } from './store/engine/liveness';

/** The parent as this module was loaded, at start-up, before anything could go wrong. */
const STARTED_BY = process.ppid;

/**
 * Calls `onOrphaned` once when the process that started this one has exited.
 *
 * Jupyter starts kernels in their own session, so when the Jupyter server dies without shutting
 * them down (killed, crashed, a test harness's SIGKILL) nothing signals them: they would live on
 * as orphans, holding ports, the store's run open and the server's output pipes. ipykernel polls
 * its parent for the same reason. `parentPid` defaults to the parent at start-up; a kernel passes
 * JPY_PARENT_PID, which Jupyter sets, so a server that died even before the kernel had loaded is
 * noticed. The check is a cheap signal-0; the timer never keeps the process alive by itself.
 */
export function onParentExit(onOrphaned: () => void, parentPid = STARTED_BY, intervalMs = 1000): () => void {
  const timer = setInterval(() => {
    if (!isProcessAlive(parentPid)) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
