import { resolveDataset } from '../catalog/resolve';
import { resolveModelVersion } from '../models/resolve';
import type { Store } from '../store/engine/store';
import {
  IncidentError,
  type IncidentTarget,
  TARGET_KINDS,
  type IncidentTargetKind
} from '../store/incidents/types';

const NAME = '[A-Za-z0-9][A-Za-z0-9_.-]{0,127}';
const RUN_PREFIX = /^[0-9a-f]{4,32}$/;

/**
 * What `incidents open TARGET` names, resolved to what the lineage holds: `penguins@2` (a dataset
 * version), a run id or its first characters, `churn@3` or `churn@production` (a model version),
 * `nightly` (a job). `dataset:`, `run:`, `model:` or `job:` in front says which when a name is
 * both. Anything that names nothing is an IncidentError saying what was looked for.
 */
export async function resolveTarget(store: Store, text: string): Promise<IncidentTarget> {
  const given = text.trim();
  const prefixed = /^(dataset|run|model|job):(.*)$/.exec(given);
  if (prefixed) {
    const kind = prefixed[1] as IncidentTargetKind;
    const ref = await resolveAs(store, kind, prefixed[2]);
    if (ref === null) {
      throw new IncidentError(`No ${kind} "${prefixed[2]}" in ${store.location.display}.`);
    }
    return { kind, ref };
  }
  const found: IncidentTarget[] = [];
  for (const kind of TARGET_KINDS) {
    const ref = await resolveAs(store, kind, given);
    if (ref !== null) {
      found.push({ kind, ref });
    }
  }
  if (found.length === 1) {
    return found[0];
  }
  if (found.length > 1) {
    throw new IncidentError(
      `"${given}" names ${found.map(f => `a ${f.kind}`).join(' and ')}: write ` +
        `${found.map(f => `${f.kind}:${given}`).join(' or ')}.`
    );
  }
  throw new IncidentError(
    `"${given}" names no dataset version (name@VERSION), run id, model version (name@VERSION or ` +
      `name@STAGE) or job in ${store.location.display}.`
  );
}

/** The canonical reference of `text` as a target of `kind`, or null when it names none. */
async function resolveAs(store: Store, kind: IncidentTargetKind, text: string): Promise<string | null> {
  switch (kind) {
    case 'dataset': {
      if (!new RegExp(`^${NAME}@\\d+$`).test(text)) {
        return null;
      }
      const record = await resolveDataset(store, text).catch(() => null);
      return record ? `${record.name}@${record.version}` : null;
    }
    case 'model': {
      if (!new RegExp(`^${NAME}@[A-Za-z0-9]+$`).test(text)) {
        return null;
      }
      const version = await resolveModelVersion(store, text).catch(() => null);
      return version ? `${version.name}@${version.version}` : null;
    }
    case 'run': {
      if (!RUN_PREFIX.test(text)) {
        return null;
      }
      const ids = await store.runs.findIds(text, 2);
      if (ids.length > 1 && !ids.includes(text)) {
        throw new IncidentError(`${text} is the start of several run ids: give more characters.`);
      }
      return ids.includes(text) ? text : (ids[0] ?? null);
    }
    case 'job': {
      const job = await store.jobs.get(text);
      return job ? job.name : null;
    }
  }
}

/** An incident by its id or a unique first part of it. */
export async function resolveIncidentId(store: Store, given: string): Promise<string> {
  const ids = await store.incidents.findIds(given.trim(), 2);
  if (ids.length === 0) {
    throw new IncidentError(`No incident ${given} in ${store.location.display} (mlnb incidents list).`);
  }
  if (ids.length > 1 && !ids.includes(given)) {
    throw new IncidentError(`${given} is the start of several incident ids: give more characters.`);
  }
  return ids.includes(given) ? given : ids[0];
}
