import { PIPELINE_RUN_TAG, upstreamVersions } from '../jobs/pipelines/upstream';
import { UsageFailure } from './failure';
import { withStore } from './with-store';

/** `--pipeline-run '{"pipeline":…,"run":…,"step":…}'` (what the pipeline runner passes) as tags. */
export function pipelineRunTags(text: string): Record<string, string> {
  const given = parseObject('--pipeline-run', text);
  const { pipeline, run, step } = given as Record<string, unknown>;
  if (typeof pipeline !== 'string' || typeof run !== 'string' || typeof step !== 'string') {
    throw new UsageFailure('--pipeline-run needs {"pipeline": NAME, "run": ID, "step": NAME}.', 2);
  }
  return { 'mlnb.pipeline': pipeline, [PIPELINE_RUN_TAG]: run, 'mlnb.pipeline.step': step };
}

/**
 * A step an engine started (Airflow, Argo: `--pipeline-run` without `--dataset-versions`) loads
 * what its pipeline run's finished steps registered, said on stderr for the task's log.
 */
export async function upstreamOfStep(tags: Record<string, string>): Promise<Record<string, number>> {
  const versions = await withStore(store => upstreamVersions(store, tags[PIPELINE_RUN_TAG]));
  const pinned = Object.entries(versions).map(([name, version]) => `${name}@${version}`);
  if (pinned.length > 0) {
    console.error(
      `mlnb run: this pipeline run's steps registered ${pinned.join(', ')}: loading those versions`
    );
  }
  return versions;
}

/** `--dataset-versions '{"features":3}'`: the version each bare dataset name loads. */
export function parseDatasetVersions(text: string): Record<string, number> {
  const given = parseObject('--dataset-versions', text);
  for (const [name, version] of Object.entries(given)) {
    if (!Number.isInteger(version) || (version as number) < 1) {
      throw new UsageFailure(
        `--dataset-versions: the version of "${name}" must be 1, 2, …; got ${JSON.stringify(version)}.`,
        2
      );
    }
  }
  return given as Record<string, number>;
}

function parseObject(option: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageFailure(`${option} is not JSON: ${(error as Error).message}`, 2);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageFailure(`${option} must be a JSON object.`, 2);
  }
  return value as Record<string, unknown>;
}
