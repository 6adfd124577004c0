import { randomInt } from 'node:crypto';
import type { Store } from '../store/engine/store';
import type { RunRecord } from '../store/runs/types';
import { ReproduceError } from './checks';
import { reproduce, ReproduceOptions, REPRODUCES_TAG, ReproductionReport } from './reproduce';

/** One sampled run: its verdict, or why it could not be reproduced at all. */
export type SampledRun =
  | { id: string; name: string; verdict: ReproductionReport['verdict']; report: ReproductionReport }
  | { id: string; name: string; verdict: 'refused'; reason: string };

/** The reproducibility score: how many of the sampled runs came back. */
export interface ReproducibilityScore {
  experiment: string | null;
  sampled: number;
  exact: number;
  within: number;
  differs: number;
  /** Could not be reproduced (its data changed, it timed out...). */
  refused: number;
  /** (exact + within) / sampled. */
  score: number;
  runs: SampledRun[];
}

/** How many finished runs the sample is drawn from (the newest). */
const CANDIDATES = 1000;

/**
 * Reproduces `sample` finished runs drawn at random (of `experiment`, or of all), one after
 * another, and counts how they came out. Reproductions themselves are not sampled.
 */
export async function reproducibilityScore(
  store: Store,
  sample: number,
  experiment: string | null,
  options: ReproduceOptions,
  onRun: (run: SampledRun) => void = () => undefined
): Promise<ReproducibilityScore> {
  const candidates = (
    await store.runs.list({ experiment: experiment ?? undefined, limit: CANDIDATES })
  ).filter(r => r.status === 'finished');
  const chosen: RunRecord[] = [];
  while (chosen.length < sample && candidates.length > 0) {
    const [summary] = candidates.splice(randomInt(candidates.length), 1);
    const run = (await store.runs.get(summary.id))!;
    if (!run.tags[REPRODUCES_TAG]) {
      chosen.push(run);
    }
  }
  if (chosen.length === 0) {
    throw new ReproduceError(
      `no finished run${experiment ? ` of ${experiment}` : ''} to sample in ${store.location.display}.`
    );
  }
  const runs: SampledRun[] = [];
  for (const run of chosen) {
    let sampled: SampledRun;
    try {
      const report = await reproduce(store, run, options);
      sampled = { id: run.id, name: run.name, verdict: report.verdict, report };
    } catch (error) {
      if (!(error instanceof ReproduceError)) {
        throw error;
      }
      sampled = { id: run.id, name: run.name, verdict: 'refused', reason: error.message };
    }
    runs.push(sampled);
    onRun(sampled);
  }
  const count = (verdict: SampledRun['verdict']) => runs.filter(r => r.verdict === verdict).length;
  return {
    experiment,
    sampled: runs.length,
    exact: count('exact'),
    within: count('within'),
    differs: count('differs'),
    refused: count('refused'),
    score: (count('exact') + count('within')) / runs.length,
    runs
  };
}
