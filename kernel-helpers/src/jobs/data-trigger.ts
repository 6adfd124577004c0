import type { DatasetStore } from '../store/datasets/types';
import type { DataTrigger } from '../store/jobs/types';

/**
 * A data trigger (`--on-new-version DATASET`), the same for jobs and pipelines: each new version
 * of the dataset starts one attempt or run, for that version; versions that arrive within the
 * debounce of each other start one, for the newest. Versions from before the definition was
 * created, changed or resumed are not new to it.
 */

export const DEFAULT_DEBOUNCE_SECONDS = 5;

/** A data trigger that cannot be used (an unknown dataset, a bad debounce): the caller's input. */
export class DataTriggerError extends Error {
  readonly field = 'onNewVersion';
}

/** A data trigger as a person gives it (the debounce has a default). */
export type DataTriggerInput = { dataset: string; debounceSeconds?: number } | null | undefined;

/**
 * The trigger checked against the catalog and with its default debounce; null for none. An
 * unknown dataset is refused with its name (nothing is stored: callers check before they write).
 */
export async function checkDataTrigger(
  datasets: Pick<DatasetStore, 'get'>,
  given: DataTriggerInput
): Promise<DataTrigger | null> {
  if (!given) {
    return null;
  }
  if (!(await datasets.get(given.dataset))) {
    throw new DataTriggerError(
      `--on-new-version ${given.dataset}: no dataset named "${given.dataset}" in the catalog.`
    );
  }
  const debounce = given.debounceSeconds ?? DEFAULT_DEBOUNCE_SECONDS;
  if (!Number.isFinite(debounce) || debounce < 0) {
    throw new DataTriggerError(`debounce must be a number of seconds, 0 or more; got ${debounce}.`);
  }
  return { dataset: given.dataset, debounceSeconds: debounce };
}

/** What a data trigger asks for at a tick: start the newest version, or look again at `wakeAt`. */
export type NewVersionDue =
  { fire: { version: number; createdAt: number }; wakeAt?: undefined } | { fire?: undefined; wakeAt: number };

/**
 * The version due at `now`: the newest one after `seen` (the last one started) registered since
 * `since` (the definition's last change), once the debounce after it has passed. `wakeAt` is
 * when to look again (Infinity: when a version arrives, which the poll sees).
 */
export async function newVersionDue(
  datasets: Pick<DatasetStore, 'get'>,
  trigger: DataTrigger,
  seen: number,
  since: number,
  now: number
): Promise<NewVersionDue> {
  const record = await datasets.get(trigger.dataset);
  const fresh = (record?.versions ?? []).filter(v => v.version > seen && Date.parse(v.createdAt) >= since);
  if (fresh.length === 0) {
    return { wakeAt: Infinity };
  }
  const newest = fresh.reduce((a, b) => (b.version > a.version ? b : a));
  const createdAt = Date.parse(newest.createdAt);
  const quietAt = createdAt + trigger.debounceSeconds * 1000;
  return now < quietAt ? { wakeAt: quietAt } : { fire: { version: newest.version, createdAt } };
}
