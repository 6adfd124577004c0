import * as path from 'node:path';
import type { Environment, RunRecord } from '../store/runs/types';

/** How a reproduction came out: every number bitwise equal, all within the tolerance, or not. */
export type Verdict = 'exact' | 'within' | 'differs';

/** A metric point whose value came back different (or not at all: `reproduced` null). */
export interface MetricDelta {
  key: string;
  step: number;
  original: number | null;
  reproduced: number | null;
  /** |a - b| / max(|a|, |b|); null when a point is missing. */
  relative: number | null;
}

export interface ModelComparison {
  /** The artifact's path inside its run (`model`). */
  artifact: string;
  original: string;
  reproduced: string | null;
  same: boolean;
}

export interface EnvironmentDifference {
  /** `node`, `tslab`, `typescript`, `tfjsBackend`, `os`, `cpu`, or `package <name>`. */
  what: string;
  original: string | null;
  reproduced: string | null;
}

export interface RunComparison {
  verdict: Verdict;
  metrics: {
    /** Metric points compared (every step of every series, final values included). */
    points: number;
    /** Points bitwise equal. */
    exact: number;
    /** The metrics with at least one point not bitwise equal, or missing on one side. */
    differing: string[];
    /** The points not bitwise equal (those beyond the tolerance make the verdict `differs`). */
    deltas: MetricDelta[];
  };
  models: ModelComparison[];
  environment: EnvironmentDifference[];
}

const bitwiseEqual = (a: number, b: number) => Object.is(a, b) || (a === 0 && b === 0);

/** |a - b| relative to the larger magnitude (0 when both are 0; Infinity for NaN against a number). */
export function relativeDelta(a: number, b: number): number {
  if (bitwiseEqual(a, b)) {
    return 0;
  }
  const scale = Math.max(Math.abs(a), Math.abs(b));
  const delta = Math.abs(a - b) / scale;
  return Number.isNaN(delta) ? Infinity : delta;
}

/**
 * Compares a run with its reproduction: every metric point (bitwise, or within the relative
 * `tolerance`), the model artifacts' sha256 and the environment. Model weights count for an
 * exact verdict only: numbers within a tolerance come from weights that differ.
 */
export function compareRuns(original: RunRecord, reproduced: RunRecord, tolerance: number): RunComparison {
  const deltas: MetricDelta[] = [];
  let points = 0;
  let exact = 0;
  for (const key of new Set([...Object.keys(original.metrics), ...Object.keys(reproduced.metrics)])) {
    const before = original.metrics[key] ?? [];
    const after = reproduced.metrics[key] ?? [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      points++;
      const a = before[i];
      const b = after[i];
      if (a && b && a.step === b.step && bitwiseEqual(a.value, b.value)) {
        exact++;
      } else {
        deltas.push({
          key,
          step: (a ?? b).step,
          original: a?.value ?? null,
          reproduced: b?.value ?? null,
          relative: a && b && a.step === b.step ? relativeDelta(a.value, b.value) : null
        });
      }
    }
  }
  const models = compareModels(original, reproduced);
  const withinTolerance = deltas.every(d => d.relative !== null && d.relative <= tolerance);
  const verdict: Verdict =
    deltas.length === 0 && models.every(m => m.same)
      ? 'exact'
      : withinTolerance && models.every(m => m.reproduced !== null)
        ? 'within'
        : 'differs';
  return {
    verdict,
    metrics: { points, exact, differing: [...new Set(deltas.map(d => d.key))], deltas },
    models,
    environment: environmentDifferences(original.environment, reproduced.environment)
  };
}

/** An artifact's path inside its run: artifacts are stored as `<run id>/<name>`. */
const inRun = (artifactPath: string) => artifactPath.split(path.posix.sep).slice(1).join(path.posix.sep);

function compareModels(original: RunRecord, reproduced: RunRecord): ModelComparison[] {
  const after = new Map(reproduced.artifacts.filter(a => a.kind === 'model').map(a => [inRun(a.path), a]));
  return original.artifacts
    .filter(a => a.kind === 'model')
    .map(a => {
      const sha256 = after.get(inRun(a.path))?.sha256 ?? null;
      return { artifact: inRun(a.path), original: a.sha256, reproduced: sha256, same: sha256 === a.sha256 };
    });
}

/** What differs between two environments, most likely causes of different numbers first. */
export function environmentDifferences(before: Environment, after: Environment): EnvironmentDifference[] {
  const differences: EnvironmentDifference[] = [];
  const note = (what: string, a: string | null, b: string | null) => {
    if (a !== b) {
      differences.push({ what, original: a, reproduced: b });
    }
  };
  note('tfjsBackend', before.tfjsBackend, after.tfjsBackend);
  const packages = new Set([...Object.keys(before.packages ?? {}), ...Object.keys(after.packages ?? {})]);
  for (const name of [...packages].sort()) {
    // A package only one side imported says nothing about versions: compare those both resolved.
    if (before.packages[name] && after.packages[name]) {
      note(`package ${name}`, before.packages[name], after.packages[name]);
    }
  }
  note('node', before.node, after.node);
  note('tslab', before.tslab, after.tslab);
  note('typescript', before.typescript, after.typescript);
  note('os', describeOs(before), describeOs(after));
  note('cpu', before.cpu.model, after.cpu.model);
  return differences;
}

const describeOs = (env: Environment) => `${env.os.platform} ${env.os.release} ${env.os.arch}`;
