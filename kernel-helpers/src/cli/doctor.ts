import { Command } from 'commander';
import * as path from 'node:path';
import type { DoctorReport } from '../contracts';
import { UsageFailure } from './failure';
import { withStore } from './with-store';
import { printResult } from './print';

/** `--fail-under N`: a score from 0 to 9, checked before anything is read. */
export function scoreThreshold(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 9) {
    throw new UsageFailure(
      `--fail-under ${value}: the score runs from 0 to 9; give a number in that range.`,
      2
    );
  }
  return n;
}

/** `mlnb doctor`: the ML Joel test for this workspace's store. */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('answer the ML Joel test for this store: nine questions, each with evidence and a next step')
    .option('--json', 'print JSON (schemas/doctor.schema.json)')
    .option('--fail-under <score>', 'exit 1 when the score (0-9) is below this (a CI gate)')
    .option('--setup [notebook]', 'time a fresh clone: install and run a notebook headless (slow)')
    .action(async (opts: { json?: boolean; failUnder?: string; setup?: string | boolean }) => {
      const threshold = opts.failUnder === undefined ? undefined : scoreThreshold(opts.failUnder);
      const { diagnose, workspaceFacts } = await import('../doctor/doctor');
      const workspace = workspaceFacts(process.cwd());
      if (opts.setup) {
        const { timeSetup } = await import('../doctor/setup');
        const notebook = typeof opts.setup === 'string' ? opts.setup : undefined;
        workspace.setup = timeSetup(
          process.cwd(),
          notebook,
          path.join(__dirname, '..', '..', 'bin', 'mlnb.js')
        );
      }
      const report = await withStore(store => diagnose(store, { workspace }));
      await printResult(opts.json, report, formatReport);
      if (threshold !== undefined && report.score < threshold) {
        throw new UsageFailure(`the score ${report.score} is below ${threshold} (--fail-under).`, 1);
      }
    });
}

const MARK = { yes: 'YES   ', partly: 'PARTLY', no: 'NO    ' };

function formatReport(report: DoctorReport): string {
  return [
    ...report.answers.flatMap(a => [
      `${a.number}. ${MARK[a.answer]} ${a.question}`,
      ...a.evidence.map(e => `     ${e}`),
      `     → ${a.improve}`
    ]),
    '',
    `score: ${report.score} / 9`
  ].join('\n');
}
