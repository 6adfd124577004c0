import { Command } from 'commander';
import * as os from 'node:os';
import type { ReviewFinding } from '../contracts';
import { UsageFailure } from './failure';
import { formatList } from './table';
import { withStore } from './with-store';
import { printResult } from './print';

/** `--older-than 90d` (or `12w`, or a number of days). */
export function parseAge(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([dw]?)$/.exec(value.trim());
  if (!match) {
    throw new UsageFailure(`--older-than ${value}: write a number of days (90d) or weeks (12w).`, 2);
  }
  return Number(match[1]) * (match[2] === 'w' ? 7 : 1);
}

interface ReviewOpts {
  olderThan: string;
  json?: boolean;
}

/** `mlnb review` and `mlnb gc`. */
export function addReviewCommands(program: Command): void {
  program
    .command('review')
    .description('list what looks dead: unused datasets and versions, stale jobs, models, runs, artifacts')
    .option('--older-than <age>', 'only what is older than this (90d, 12w)', '90d')
    .option('--json', 'print JSON (schemas/review.schema.json)')
    .action(async (opts: ReviewOpts) => {
      const olderThanDays = parseAge(opts.olderThan);
      const { reviewDead } = await import('../review/review');
      const report = await withStore(async store => {
        const found = await reviewDead(store, { olderThanDays, workspace: process.cwd() });
        await store.review.record(
          { by: os.userInfo().username, olderThanDays, findings: found.findings },
          Date.parse(found.reviewedAt)
        );
        return found;
      });
      await printResult(opts.json, report, () => formatFindings(report.findings, 'Nothing looks dead.'));
    });

  program
    .command('gc')
    .description('remove what the review lists and nothing a production model or open incident needs')
    .option('--older-than <age>', 'only what is older than this (90d, 12w)', '90d')
    .option('--yes', 'remove (without it: list what would be removed, remove nothing)')
    .option('--json', 'print JSON (schemas/review.schema.json)')
    .action(async (opts: ReviewOpts & { yes?: boolean }) => {
      const olderThanDays = parseAge(opts.olderThan);
      const { collectGarbage, removable, reviewDead } = await import('../review/review');
      const by = os.userInfo().username;
      const options = { olderThanDays, workspace: process.cwd(), by };
      const result = await withStore(async store => {
        if (!opts.yes) {
          const report = await reviewDead(store, options);
          return { report, removed: [] as ReviewFinding[], would: removable(report) };
        }
        const done = await collectGarbage(store, options);
        await store.review.record(
          { by, olderThanDays, findings: done.report.findings },
          Date.parse(done.report.reviewedAt)
        );
        return { ...done, would: [] as ReviewFinding[] };
      });
      if (opts.json) {
        console.log(JSON.stringify({ ...result.report, removed: result.removed }, null, 2));
      } else if (!opts.yes) {
        console.log(
          `${formatFindings(result.would, 'Nothing to remove.')}\n\n` +
            `dry run: ${result.would.length} would be removed; nothing was. Run mlnb gc --yes to remove them.`
        );
      } else {
        console.log(
          `${formatFindings(result.removed, 'Nothing removed.')}\n\nremoved ${result.removed.length} (recorded in the store)`
        );
      }
    });
}

function formatFindings(findings: ReviewFinding[], none: string): string {
  return formatList(findings, none, ['KIND', 'WHAT', 'WHY', 'KEPT BY'], f => [
    f.kind,
    f.ref,
    f.reason,
    f.keptBy ?? ''
  ]);
}
