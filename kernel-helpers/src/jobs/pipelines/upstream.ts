import type { Store } from '../../store/engine/store';
import { outputsOf } from './run';

/** The tag that links a step's run to its pipeline run (with `mlnb.pipeline` and `.step`). */
export const PIPELINE_RUN_TAG = 'mlnb.pipeline.run';

/** More steps than a pipeline run has. */
const STEPS_AT_MOST = 1000;

/**
 * The dataset versions the finished steps of one pipeline run registered, the latest of each
 * name: what a step an engine starts (an Airflow task, an Argo DAG task) loads by a bare name,
 * as mlnb's own runner hands them over. Without it a step would load the newest version, which
 * another run of the pipeline (or anyone) may have registered since its upstream step.
 */
export async function upstreamVersions(store: Store, pipelineRunId: string): Promise<Record<string, number>> {
  const { runs } = await store.runs.search({
    filter: [
      { key: { kind: 'tag', name: PIPELINE_RUN_TAG }, op: '=', value: pipelineRunId },
      { key: { kind: 'attribute', name: 'status' }, op: '=', value: 'finished' }
    ],
    order: { key: { kind: 'attribute', name: 'start_time' }, descending: false },
    limit: STEPS_AT_MOST
  });
  const versions: Record<string, number> = {};
  for (const run of runs) {
    Object.assign(versions, await outputsOf(store, run.id));
  }
  return versions;
}
