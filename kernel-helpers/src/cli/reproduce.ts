import { Command } from 'commander';
import type { ReproducibilityScore, SampledRun } from '../reproduce/score';
import type { ReproductionReport } from '../reproduce/reproduce';
import { UsageFailure, usageErrors } from './failure';
import { resolveRunId } from './run-ids';
import { withStore } from './with-store';
import { printResult } from './print';

/** Deltas listed in the text report (all are in --json). */
const LISTED_DELTAS = 20;

/** A run that cannot be re-executed as asked (its notebook, its parameters) is the user's input. */
const reproduceErrors = usageErrors(async () => {
  const { ReproduceError } = await import('../reproduce/checks');
  const { NotebookError } = await import('../runner/notebook');
  const { ParameterError } = await import('../runner/parameters');
  return error =>
    error instanceof ReproduceError || error instanceof NotebookError || error instanceof ParameterError;
});

/**
 * The numeric options, checked here rather than by commander: its refusals exit 1, and bad
 * input to reproduce exits 2 (1 says the numbers differ).
 */
function numericFlags(opts: ReproduceOptionsGiven): ReproduceFlags {
  const number = (name: string, text: string | undefined, ok: (n: number) => boolean, what: string) => {
    if (text === undefined) {
      return undefined;
    }
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || !ok(n)) {
      throw new UsageFailure(`--${name} ${JSON.stringify(text)}: ${what}.`, 2);
    }
    return n;
  };
  return {
    ...opts,
    tolerance:
      number('tolerance', opts.tolerance, n => n >= 0, 'a relative tolerance, 0 or more (e.g. 1e-6)') ?? 0,
    timeout: number('timeout', opts.timeout, n => n > 0, 'a positive number of seconds'),
    sample: number('sample', opts.sample, n => Number.isInteger(n) && n > 0, 'a whole number above 0')
  };
}

interface ReproduceOptionsGiven {
  tolerance?: string;
  json?: boolean;
  timeout?: string;
  sample?: string;
  experiment?: string;
}

interface ReproduceFlags {
  tolerance: number;
  json?: boolean;
  timeout?: number;
  sample?: number;
  experiment?: string;
}

/** `mlnb runs reproduce ID | --sample N [--experiment E]`. */
export function addReproduceCommand(runs: Command): void {
  runs
    .command('reproduce')
    .description(
      "re-execute a run's recorded cells with its params, seed and data, and say whether its numbers came back " +
        '(exit 0: exactly or within --tolerance, 1: they differ, 2: cannot be reproduced)'
    )
    .argument('[id]', 'the run id (or its first characters)')
    .option('--tolerance <relative>', 'accept metric values within this relative difference (default: 0)')
    .option(
      '--timeout <seconds>',
      'stop the reproduction after this long (default: twice the run, plus a minute)'
    )
    .option('--sample <n>', 'reproduce N finished runs drawn at random and print the reproducibility score')
    .option(
      '--experiment <notebook>',
      'with --sample: only runs of this notebook (its path in the workspace)'
    )
    .option('--json', 'print the report as JSON')
    .action(async (id: string | undefined, given: ReproduceOptionsGiven) => {
      const opts = numericFlags(given);
      if ((id === undefined) === (opts.sample === undefined)) {
        throw new UsageFailure('runs reproduce takes a run id, or --sample N (not both).', 2);
      }
      if (opts.experiment !== undefined && opts.sample === undefined) {
        throw new UsageFailure('--experiment goes with --sample.', 2);
      }
      process.exitCode = await reproduceErrors(() =>
        withStore(store => (id === undefined ? score(store, opts) : one(store, id, opts)))
      );
    });
}

type Store = Parameters<Parameters<typeof withStore>[0]>[0];

async function one(store: Store, given: string, opts: ReproduceFlags): Promise<number> {
  const { reproduce } = await import('../reproduce/reproduce');
  const run = (await store.runs.get(await resolveRunId(store, given, 2)))!;
  const report = await reproduce(store, run, { tolerance: opts.tolerance, timeoutSeconds: opts.timeout });
  await printResult(opts.json, report, formatReport);
  return report.verdict === 'differs' ? 1 : 0;
}

async function score(store: Store, opts: ReproduceFlags): Promise<number> {
  const { reproducibilityScore } = await import('../reproduce/score');
  const result = await reproducibilityScore(
    store,
    opts.sample!,
    opts.experiment ?? null,
    { tolerance: opts.tolerance, timeoutSeconds: opts.timeout },
    run => (opts.json ? undefined : console.error(`${run.id.slice(0, 8)} ${run.verdict}`))
  );
  await printResult(opts.json, result, formatScore);
  return result.exact + result.within === result.sampled ? 0 : 1;
}

const short = (sha: string | null) => (sha ? sha.slice(0, 12) : 'none');
const number = (n: number | null) => (n === null ? 'missing' : String(n));

export function formatReport(report: ReproductionReport): string {
  const original = report.original.slice(0, 8);
  const reproduction = report.reproduction.slice(0, 8);
  const { metrics } = report;
  const headline = {
    exact: `run ${original} reproduced exactly by run ${reproduction}`,
    within: `run ${original} reproduced within a relative ${report.tolerance} by run ${reproduction}`,
    differs: `run ${original} differs from its reproduction ${reproduction}: ${metrics.differing.length} metric${metrics.differing.length === 1 ? '' : 's'}`
  }[report.verdict];
  const lines = [`${headline} (seed ${report.seed ?? 'none'})`];
  if (report.failure) {
    lines.push(`failure:     the reproduction failed: ${report.failure}`);
  }
  lines.push(
    `metrics:     ${metrics.points} points compared, ${metrics.exact} bitwise equal` +
      (metrics.differing.length ? `; differing: ${metrics.differing.join(', ')}` : '')
  );
  for (const d of metrics.deltas.slice(0, LISTED_DELTAS)) {
    const relative = d.relative === null ? '' : ` (relative ${d.relative.toExponential(2)})`;
    lines.push(`  ${d.key} step ${d.step}: ${number(d.original)} → ${number(d.reproduced)}${relative}`);
  }
  if (metrics.deltas.length > LISTED_DELTAS) {
    lines.push(`  … and ${metrics.deltas.length - LISTED_DELTAS} more (--json lists all)`);
  }
  for (const m of report.models) {
    lines.push(
      `model:       ${m.artifact} sha256 ${short(m.original)} ${m.same ? 'same' : `≠ ${short(m.reproduced)}`}`
    );
  }
  for (const d of report.data) {
    lines.push(`data:        ${d.dataset ?? d.uri} sha256 ${short(d.sha256)} unchanged`);
  }
  const environment = report.environment.map(
    e => `${e.what} ${e.original ?? 'none'} → ${e.reproduced ?? 'none'}`
  );
  if (environment.length === 0) {
    lines.push('environment: the same Node, tslab, TypeScript, tfjs backend and package versions');
  } else {
    const label = report.verdict === 'differs' ? 'likely causes' : 'environment';
    lines.push(`${`${label}: `.padEnd(13)}${environment.join('; ')}`);
  }
  lines.push(`code:        ${formatCode(report)} (information only: the recorded cells ran)`);
  return lines.join('\n');
}

function formatCode({ code }: ReproductionReport): string {
  const commit = (sha: string | null, dirty: boolean | null) =>
    sha ? `${sha.slice(0, 12)}${dirty ? ' + uncommitted changes' : ''}` : 'not in git';
  const recorded = commit(code.recordedCommit, code.recordedDirty);
  const now = commit(code.currentCommit, code.currentDirty);
  const notebook =
    code.recordedNotebook && code.currentNotebook && code.recordedNotebook !== code.currentNotebook
      ? '; the notebook file changed since'
      : '';
  return recorded === now
    ? `recorded ${recorded}, as the work tree now${notebook}`
    : `recorded ${recorded}, the work tree now ${now}${notebook}`;
}

function formatScore(result: ReproducibilityScore): string {
  const percent = (n: number) => `${Math.round((100 * n) / result.sampled)}%`;
  const lines = [
    `reproducibility${result.experiment ? ` of ${result.experiment}` : ''}: ` +
      `${result.exact + result.within} of ${result.sampled} runs reproduced (${percent(result.exact + result.within)}): ` +
      `${result.exact} exactly, ${result.within} within tolerance, ${result.differs} differ, ${result.refused} could not be reproduced`
  ];
  for (const run of result.runs.filter(r => r.verdict === 'differs' || r.verdict === 'refused')) {
    lines.push(`  ${run.id.slice(0, 8)} ${run.name}: ${why(run)}`);
  }
  return lines.join('\n');
}

function why(run: SampledRun): string {
  if (run.verdict === 'refused') {
    return run.reason;
  }
  const { report } = run;
  const causes = report.environment.map(e => `${e.what} ${e.original} → ${e.reproduced}`);
  return (
    (report.failure ? `failed: ${report.failure}; ` : '') +
    `differs in ${report.metrics.differing.join(', ') || 'model weights'}` +
    (causes.length ? `; likely causes: ${causes.join('; ')}` : '')
  );
}
