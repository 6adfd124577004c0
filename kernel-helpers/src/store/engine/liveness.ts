import * as fs from 'node:fs';
import * as os from 'node:os';

/** A run on another host whose heartbeat is older than this is taken for dead. */
export const STALE_AFTER_MS = 120_000;

/**
 * Whether a process on this machine is still running. A zombie (exited, not yet reaped, as
 * happens when its parent was killed and PID 1 does not reap) counts as dead.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces, so read after ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // No /proc (macOS): kill(pid, 0) is all we know.
  }
}

export const thisHost = (): string => os.hostname();
