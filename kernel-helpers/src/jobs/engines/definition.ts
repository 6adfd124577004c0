import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobRecord } from '../../store/jobs/types';
import { checkTimezone } from '../cron';
import { parameterValues } from '../attempt';
import { notifyArgs } from '../../runner/notify';

/** What every exported job runs: one `mlnb run` of the job's snapshot, the same on each engine. */

/** An export that cannot be made as asked: exit 2, nothing written. */
export class ExportError extends Error {}

export type ExportTarget = 'airflow' | 'kubernetes' | 'argo';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['airflow', 'kubernetes', 'argo'];

/** Where the runner finds the store and the snapshot, as the engine's workers see them. */
export interface RunnerPlace {
  /** The job's snapshot file. */
  snapshot: string;
  /** The run's working folder. */
  cwd: string;
}

/**
 * The part of a job an export carries; its hash heads every exported file, so `--check` tells
 * a file that no longer matches the stored job.
 */
export function exportedDefinition(job: JobRecord) {
  return {
    id: job.id,
    name: job.name,
    snapshotSha256: job.notebook.sha256,
    parameters: job.parameters,
    schedule: job.schedule,
    // Only when set: the hash of a job exported before data triggers existed stays the same.
    ...(job.onNewVersion ? { onNewVersion: job.onNewVersion } : {}),
    enabled: job.enabled,
    retries: job.retries,
    timeoutSeconds: job.timeoutSeconds,
    concurrency: job.concurrency,
    startingDeadlineSeconds: job.startingDeadlineSeconds,
    gates: job.gates,
    notify: job.notify
  };
}

export function definitionHash(job: JobRecord): string {
  return createHash('sha256')
    .update(JSON.stringify(exportedDefinition(job)))
    .digest('hex');
}

/**
 * Checks what every target needs: the snapshot is still there, the schedule has five fields
 * (Airflow and Kubernetes have no seconds) and its time zone is known.
 */
export function checkExportable(job: JobRecord, artifactRoot: string, target: ExportTarget): void {
  const snapshot = path.join(artifactRoot, job.notebook.snapshot);
  if (!fs.existsSync(snapshot)) {
    throw new ExportError(
      `The snapshot of job "${job.name}" is gone (${snapshot}): create the job again from its notebook.`
    );
  }
  if (job.schedule) {
    if (job.schedule.cron.trim().split(/\s+/).length !== 5) {
      throw new ExportError(
        `${target} takes a cron of 5 fields; job "${job.name}" has "${job.schedule.cron}" (a seconds field).`
      );
    }
    try {
      checkTimezone(job.schedule.timezone);
    } catch (error) {
      throw new ExportError((error as Error).message);
    }
  }
}

/**
 * The job's parameter values as one JSON object that no engine reads as a template: `$` (the
 * `$(VAR)` expansion of Kubernetes) and `{{` (Argo's and Jinja's tags) only ever occur inside
 * JSON strings, where they are written as \u escapes; `mlnb run --params-json` reads them back
 * verbatim. (A structural `{` is never followed by another `{` in JSON.)
 */
export function inertParamsJson(values: Record<string, unknown>): string {
  return JSON.stringify(values)
    .replace(/\$/g, '\\u0024')
    .replace(/\{(?=\{)/g, '\\u007b');
}

/** `mlnb run` arguments for the job, without the parameter values (each target adds those). */
export function runnerArgs(job: JobRecord, place: RunnerPlace): string[] {
  return [
    'run',
    place.snapshot,
    '--cwd',
    place.cwd,
    '--job-id',
    job.id,
    '--experiment',
    job.notebook.path,
    '--name',
    job.name,
    ...(job.timeoutSeconds ? ['--timeout', String(job.timeoutSeconds)] : []),
    ...job.gates.flatMap(gate => ['--gate', gate]),
    ...notifyArgs(job.notify)
  ];
}

export { parameterValues };

/** A name Kubernetes accepts (RFC 1123 label, at most 52 characters for a CronJob). */
export function resourceName(job: JobRecord): string {
  const slug = job.name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return `mlnb-${slug || job.id.slice(0, 12)}`;
}

// The grammar of github.com/distribution/reference (name[:tag][@digest]).
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const IMAGE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`
);

export function checkImage(image: string): void {
  if (image.length > 255 || !IMAGE.test(image)) {
    throw new ExportError(
      `--image "${image}" is not a valid image reference (e.g. registry.example.com/team/mlnb-runner:1.0).`
    );
  }
}
