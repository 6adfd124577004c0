/**
 * How a long-running command (a server, the scheduler) ends: on SIGTERM or SIGINT `stop` runs,
 * then the process exits 0. Returns the same stop, for other reasons to end (a parent gone).
 */
export function stopOnSignals(stop: () => Promise<unknown>): () => void {
  const handler = () => void stop().then(() => process.exit(0));
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
  return handler;
}
