import { describeMeasure } from '../evaluate/evaluation';
import { OpenIncidents } from '../incidents/affecting';
import { ModelError, MODEL_STAGES, type ModelStage, type StageChange } from '../store/models/types';
import type { Store } from '../store/engine/store';
import { resolveModelVersion } from './resolve';

export interface PromoteOptions {
  stage: string;
  /** Who moves it (recorded in the history). */
  by: string;
  /** Move a version that failed its measure, or one an open incident affects, anyway; recorded. */
  force?: boolean;
}

/**
 * Moves `name@VERSION` (or `name@STAGE`) to a stage. A version whose evaluation failed its
 * predefined measure does not go to staging or production unless forced; nor does one downstream
 * of an open incident go to production.
 */
export async function promoteModel(
  store: Store,
  ref: string,
  options: PromoteOptions
): Promise<StageChange[]> {
  if (!MODEL_STAGES.includes(options.stage as ModelStage)) {
    throw new ModelError(`"${options.stage}" is not a stage: one of ${MODEL_STAGES.join(', ')}.`);
  }
  const stage = options.stage as ModelStage;
  const version = await resolveModelVersion(store, ref);
  const measure = version.evaluation?.measure;
  const failed = version.measurePassed === false && (stage === 'staging' || stage === 'production');
  if (failed && !options.force) {
    const observed =
      measure?.value === null || measure?.value === undefined ? 'n/a' : measure.value.toFixed(4);
    throw new ModelError(
      `${version.name}@${version.version} failed its measure (${measure ? describeMeasure(measure) : 'measure'}; ` +
        `observed ${observed}), so it does not go to ${stage}. Pass --force to move it anyway (recorded).`
    );
  }
  const incidents =
    stage === 'production'
      ? (await OpenIncidents.read(store)).affecting('model', `${version.name}@${version.version}`)
      : [];
  if (incidents.length > 0 && !options.force) {
    throw new ModelError(
      `${version.name}@${version.version} is affected by open incident${incidents.length > 1 ? 's' : ''} ` +
        `${incidents.map(i => `${i.id} "${i.title}"`).join(', ')}, so it does not go to production. ` +
        'Resolve the incident, or pass --force to move it anyway (recorded).'
    );
  }
  const reasons = [
    ...(failed ? ['forced past a failed measure'] : []),
    ...(incidents.length ? [`forced past open incident ${incidents.map(i => i.id).join(', ')}`] : [])
  ];
  return store.models.setStage(version.name, version.version, {
    stage,
    by: options.by,
    forced: reasons.length > 0,
    reason: reasons.join('; ')
  });
}
