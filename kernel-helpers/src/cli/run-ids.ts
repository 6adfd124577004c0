import type { Store } from '../store/engine/store';
import { UsageFailure } from './failure';

/** A full id, or a unique prefix of one (like git's short hashes); else a UsageFailure (exit 2, as for every unknown name). */
export async function resolveRunId(store: Store, given: string, exitCode = 2): Promise<string> {
  const ids = await store.runs.findIds(given, 2);
  if (ids.length === 0) {
    throw new UsageFailure(`no run has the id ${given} in ${store.location.display}.`, exitCode);
  }
  if (ids.length > 1 && !ids.includes(given)) {
    throw new UsageFailure(`${given} is the start of several run ids: give more characters.`, exitCode);
  }
  return ids.includes(given) ? given : ids[0];
}
