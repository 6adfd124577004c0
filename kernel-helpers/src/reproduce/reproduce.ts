import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256File } from '../capture/files';
import { notebookFile, rerun } from '../runner/rerun';
import type { Store } from '../store/engine/store';
import type { RunRecord } from '../store/runs/types';
import { checkCode, checkReproducible, CodeCheck, DataCheck, ReproduceError } from './checks';
import { compareRuns, RunComparison, Verdict } from './compare';

/** On both runs: how the reproduction came out. */
export const REPRODUCED_TAG = 'mlnb.reproduced';
/** On the original: the run that last reproduced it. */
export const REPRODUCED_BY_TAG = 'mlnb.reproduced_by';
/** On the original: how many metrics differ in that reproduction (for the run detail's badge). */
export const DIFFERING_METRICS_TAG = 'mlnb.reproduced_differing_metrics';
/** On the reproduction: the run it reproduces. */
export const REPRODUCES_TAG = 'mlnb.reproduces';
/** The report's artifact on the reproduction. */
export const REPORT_ARTIFACT = 'reproduction.json';

export interface ReproduceOptions {
  /** Relative tolerance for metric values; 0 asks for bitwise equality. */
  tolerance: number;
  /** Default: twice the original's duration plus a minute. */
  timeoutSeconds?: number;
}

/** What `mlnb runs reproduce` reports (and keeps as the reproduction's `reproduction.json`). */
export interface ReproductionReport extends RunComparison {
  original: string;
  reproduction: string;
  seed: number | null;
  tolerance: number;
  /** Why the reproduction itself failed (a cell's error), or null. */
  failure: string | null;
  data: DataCheck[];
  code: CodeCheck;
}

/** Twice the original's duration plus a minute (an hour when its end was not recorded). */
export function defaultTimeoutSeconds(run: RunRecord): number {
  if (!run.endTime) {
    return 3600;
  }
  return Math.ceil((2 * (Date.parse(run.endTime) - Date.parse(run.startTime))) / 1000) + 60;
}

/**
 * Re-executes a run's recorded cells in their recorded order, with its params, seed and data,
 * in a clean child process, as a new run tagged with the one it reproduces; compares the two
 * and keeps the verdict on both. Throws ReproduceError, with nothing recorded changed, for
 * what cannot be reproduced (see checkReproducible) and for a reproduction that timed out.
 */
export async function reproduce(
  store: Store,
  run: RunRecord,
  options: ReproduceOptions
): Promise<ReproductionReport> {
  const data = await checkReproducible(store, run);
  const notebook = notebookFile(store, run);
  const code = await checkCode(run, fs.existsSync(notebook) ? notebook : null);
  const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds(run);
  const result = await rerun(store, run, {
    timeoutSeconds,
    runName: `${run.name} (reproduction)`,
    tags: { [REPRODUCES_TAG]: run.id }
  });
  if (!result.runId) {
    throw new Error(`the reproduction of run ${run.id.slice(0, 8)} left no run: ${result.failure}`);
  }
  if (result.timedOut) {
    throw new ReproduceError(
      `the reproduction of run ${run.id.slice(0, 8)} timed out after ${timeoutSeconds} s ` +
        `(recorded as run ${result.runId.slice(0, 8)}; give --timeout to wait longer). Run ${run.id.slice(0, 8)} is unchanged.`
    );
  }
  const reproduced = (await store.runs.get(result.runId))!;
  const comparison = compareRuns(run, reproduced, options.tolerance);
  const verdict: Verdict = result.ok ? comparison.verdict : 'differs';
  const report: ReproductionReport = {
    original: run.id,
    reproduction: reproduced.id,
    seed: reproduced.seed,
    tolerance: options.tolerance,
    failure: result.failure,
    ...comparison,
    verdict,
    data,
    code
  };
  await keepReport(store, report);
  return report;
}

/** The verdict as tags on both runs, and the whole report as the reproduction's artifact. */
async function keepReport(store: Store, report: ReproductionReport): Promise<void> {
  const file = path.join(store.artifactRoot, report.reproduction, REPORT_ARTIFACT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  await store.runs.addArtifact(report.reproduction, {
    path: path.posix.join(report.reproduction, REPORT_ARTIFACT),
    kind: 'file',
    sha256: await sha256File(file),
    bytes: fs.statSync(file).size
  });
  await store.runs.setTags(report.reproduction, { [REPRODUCED_TAG]: report.verdict });
  await store.runs.setTags(report.original, {
    [REPRODUCED_TAG]: report.verdict,
    [REPRODUCED_BY_TAG]: report.reproduction,
    [DIFFERING_METRICS_TAG]: String(report.metrics.differing.length)
  });
}

export { ReproduceError };
