import type { GateResult } from '../store/jobs/types';
import type { DataRef, RunRecord } from '../store/runs/types';
import type { IncidentMark } from '../incidents/affecting';

/**
 * Validation gates, checked after a job's notebook ran and before the attempt counts as
 * succeeded: `METRIC OP NUMBER` on the run's final metric values, and
 * `drift(DATASET, REFVERSION) OP NUMBER` on the dataset the run read against a reference version,
 * and `no-open-incidents`: nothing the run read lies downstream of an open incident.
 */

export type Comparison = '>=' | '<=' | '>' | '<' | '==' | '!=';

export type Gate =
  | { kind: 'metric'; text: string; metric: string; op: Comparison; threshold: number }
  | { kind: 'drift'; text: string; dataset: string; refVersion: number; op: Comparison; threshold: number }
  | { kind: 'incidents'; text: string };

export const NO_OPEN_INCIDENTS = 'no-open-incidents';

/** The open incidents a run is affected by (through what it read, or its job). */
export interface IncidentSource {
  affecting(kind: 'run', runId: string): IncidentMark[];
}

/**
 * The catalog's drift between two versions of a dataset: the largest PSI over its numeric
 * columns. Supplied by the dataset catalog; without it, data gates fail.
 */
export interface DriftSource {
  drift(dataset: string, version: number, refVersion: number): Promise<number>;
}

/** A gate that cannot be parsed; the message names the bad part. */
export class GateError extends Error {}

const COMPARISON = /^(.*?)\s*(>=|<=|==|!=|>|<)\s*(.*)$/s;
const METRIC_NAME = /^[A-Za-z_][\w.\-/]*$/;
const DATASET_NAME = /^[A-Za-z0-9_][\w.-]*$/;
const DRIFT_CALL = /^drift\s*\((.*)\)$/s;

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b
};

export function parseGate(text: string): Gate {
  const source = text.trim();
  const bad = (detail: string) => new GateError(`Gate "${source}": ${detail}`);
  if (source === NO_OPEN_INCIDENTS) {
    return { kind: 'incidents', text: source };
  }
  const match = COMPARISON.exec(source);
  if (!source || !match) {
    throw bad(
      'no comparison. Write METRIC OP NUMBER (e.g. val_acc >= 0.8), drift(DATASET, VERSION) <= 0.25 ' +
        `or ${NO_OPEN_INCIDENTS}, with OP one of >=, <=, >, <, ==, !=.`
    );
  }
  const [, left, op, right] = match;
  if (/[<>=!]/.test(right)) {
    throw bad(`one comparison per gate; "${right}" has another.`);
  }
  const threshold = Number(right);
  if (right.trim() === '' || !Number.isFinite(threshold)) {
    throw bad(`the threshold "${right}" after ${op} is not a number.`);
  }
  const call = DRIFT_CALL.exec(left);
  if (call) {
    const args = call[1].split(',').map(a => a.trim());
    if (args.length !== 2) {
      throw bad(`drift(...) takes a dataset name and a reference version, e.g. drift(penguins, 2).`);
    }
    const [dataset, version] = args;
    if (!DATASET_NAME.test(dataset)) {
      throw bad(`"${dataset}" is not a dataset name (letters, digits, _ . -).`);
    }
    const refVersion = Number(version.replace(/^v/i, ''));
    if (!Number.isInteger(refVersion) || refVersion < 1) {
      throw bad(`the reference version "${version}" is not a version number (1, 2, ...).`);
    }
    return { kind: 'drift', text: source, dataset, refVersion, op: op as Comparison, threshold };
  }
  if (left.includes('(')) {
    throw bad(`"${left}" is not a metric name, and drift(DATASET, VERSION) is the only function.`);
  }
  if (!METRIC_NAME.test(left)) {
    throw bad(`"${left}" is not a metric name.`);
  }
  return { kind: 'metric', text: source, metric: left, op: op as Comparison, threshold };
}

/** Parses every gate, or throws the first error. */
export function parseGates(texts: string[]): Gate[] {
  return texts.map(parseGate);
}

/** The final value of each metric of a run: its point at the highest step. */
export function finalMetrics(run: RunRecord): Record<string, number> {
  return Object.fromEntries(
    Object.entries(run.metrics)
      .filter(([, series]) => series.length > 0)
      .map(([key, series]) => [key, series.reduce((a, b) => (b.step >= a.step ? b : a)).value])
  );
}

function judged(gate: Exclude<Gate, { kind: 'incidents' }>, observed: number): GateResult {
  const ok = COMPARE[gate.op](observed, gate.threshold);
  return {
    gate: gate.text,
    ok,
    observed,
    reason: ok ? null : `observed ${Number(observed.toPrecision(4))}, needs ${gate.op} ${gate.threshold}`
  };
}

const failed = (gate: Gate, reason: string): GateResult => ({
  gate: gate.text,
  ok: false,
  observed: null,
  reason
});

/** The catalog version of `dataset` that the run read last (a data ref `name@version`). */
function versionRead(refs: DataRef[], dataset: string): number | 'unversioned' | undefined {
  let found: number | 'unversioned' | undefined;
  for (const ref of refs.filter(r => r.role === 'input' && r.dataset)) {
    const [name, version] = ref.dataset!.split('@');
    if (name === dataset) {
      const n = Number(version);
      found = version !== undefined && Number.isInteger(n) ? n : 'unversioned';
    }
  }
  return found;
}

async function evaluateDrift(
  gate: Extract<Gate, { kind: 'drift' }>,
  run: RunRecord,
  drift: DriftSource | undefined
): Promise<GateResult> {
  if (!drift) {
    return failed(gate, 'the dataset catalog is not available, so drift cannot be measured');
  }
  const version = versionRead(run.dataRefs, gate.dataset);
  if (version === undefined) {
    return failed(gate, `the run read no dataset named "${gate.dataset}"`);
  }
  if (version === 'unversioned') {
    return failed(gate, `the run read "${gate.dataset}" without a catalog version (name@version)`);
  }
  try {
    return judged(gate, await drift.drift(gate.dataset, version, gate.refVersion));
  } catch (error) {
    return failed(
      gate,
      `drift of ${gate.dataset}@${version} against version ${gate.refVersion}: ${(error as Error).message}`
    );
  }
}

function evaluateIncidents(
  gate: Extract<Gate, { kind: 'incidents' }>,
  run: RunRecord,
  incidents: IncidentSource | undefined
): GateResult {
  if (!incidents) {
    return failed(gate, 'the incidents are not available, so the inputs cannot be cleared');
  }
  const marks = incidents.affecting('run', run.id);
  if (marks.length === 0) {
    return { gate: gate.text, ok: true, observed: 0, reason: null };
  }
  const inputs = run.dataRefs.filter(r => r.role === 'input' && r.dataset).map(r => r.dataset);
  return {
    gate: gate.text,
    ok: false,
    observed: marks.length,
    reason:
      `its inputs (${[...new Set(inputs)].join(', ') || 'its job'}) are affected by open incident` +
      `${marks.length > 1 ? 's' : ''} ${marks.map(m => `${m.id} "${m.title}"`).join(', ')}`
  };
}

/** Checks each gate against the finished run; a missing metric fails its gate. */
export async function evaluateGates(
  gates: Gate[],
  run: RunRecord,
  drift?: DriftSource,
  incidents?: IncidentSource
): Promise<GateResult[]> {
  const metrics = finalMetrics(run);
  const results: GateResult[] = [];
  for (const gate of gates) {
    if (gate.kind === 'incidents') {
      results.push(evaluateIncidents(gate, run, incidents));
    } else if (gate.kind === 'drift') {
      results.push(await evaluateDrift(gate, run, drift));
    } else if (metrics[gate.metric] === undefined) {
      results.push(failed(gate, `the run logged no metric "${gate.metric}"`));
    } else {
      results.push(judged(gate, metrics[gate.metric]));
    }
  }
  return results;
}

/** One line for the attempt's error: the first failed gate and what was observed. */
export function gateFailure(results: GateResult[]): string | null {
  const bad = results.filter(r => !r.ok);
  if (bad.length === 0) {
    return null;
  }
  const first = `gate "${bad[0].gate}" failed: ${bad[0].reason}`;
  return bad.length === 1 ? first : `${first} (and ${bad.length - 1} more gate${bad.length > 2 ? 's' : ''})`;
}
