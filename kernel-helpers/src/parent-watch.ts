/**
 * Calls `onOrphaned` once when the process that started this one exits.
 *
 * Jupyter starts kernels in their own session, so when the Jupyter server dies without shutting
 * them down (killed, crashed, a test harness's SIGKILL) nothing signals them: they would live on
 * as orphans, holding ports, the store's run open and the server's output pipes. ipykernel polls
 * its parent for the same reason. The check is a cheap `process.ppid` read; the timer never keeps
 * the process alive by itself.
 */
export function onParentExit(onOrphaned: () => void, intervalMs = 1000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
