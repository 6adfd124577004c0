import type { Command } from 'commander';
import * as fs from 'node:fs';
import { UsageFailure } from './failure';
import { formatTable } from './table';
import { withStore } from './with-store';

/** `mlnb store migrate | check | copy`: the store itself, on either engine. */
export function addStoreCommands(program: Command): void {
  const store = program.command('store').description('the run and catalog store');
  store
    .command('migrate')
    .description('create the store or bring its schema up to date')
    .action(async () => {
      const info = await withStore(opened => opened.info());
      console.log(`store ${info.location}: schema version ${info.schemaVersion}`);
    });
  store
    .command('check')
    .description('check the store: integrity and schema version (exit 1 on a problem)')
    .action(async () => {
      const { location, result } = await withStore(async opened => ({
        location: opened.location.display,
        result: await opened.check()
      }));
      if (!result.ok) {
        throw new UsageFailure(`store ${location} has problems:\n  ${result.problems.join('\n  ')}`);
      }
      console.log(`store ${location}: ok`);
    });
  store
    .command('copy')
    .description(
      'copy every run, metric point, dataset version and job from one store to another ' +
        '(a SQLite path or a postgres:// URL), then compare counts and checksums'
    )
    .requiredOption('--from <store>', 'the store to copy from (left unchanged)')
    .requiredOption('--to <store>', 'the store to copy into (created and migrated when needed)')
    .option('--overwrite', 'replace the contents of a target that is not empty')
    .action(async (opts: { from: string; to: string; overwrite?: boolean }) => {
      await copyCommand(opts);
    });
}

async function copyCommand(opts: { from: string; to: string; overwrite?: boolean }): Promise<void> {
  // Loaded on use, as the other store commands: only copy needs both engines.
  const { locateStore } = await import('../store/engine/locate');
  const { openEngine } = await import('../store/engine/open');
  const { copyStore, sameStore } = await import('../store/engine/copy');
  const from = locateStore({ env: { MLNB_STORE: opts.from } });
  const to = locateStore({ env: { MLNB_STORE: opts.to } });
  if (sameStore(from, to)) {
    throw new UsageFailure('--from and --to name the same store.', 2);
  }
  // Checked before opening: opening creates and migrates a store, and the source is only read.
  const sourceExists =
    from.engine === 'sqlite'
      ? fs.existsSync(from.target)
      : await (await import('../store/engine/pg')).holdsPostgresStore(from);
  if (!sourceExists) {
    throw new UsageFailure(`There is no store at ${from.display} to copy from.`, 2);
  }
  const source = await openEngine(from);
  try {
    const target = await openEngine(to);
    try {
      const report = await copyStore(source, target, {
        overwrite: opts.overwrite,
        progress: line => console.error(line)
      });
      console.log(
        formatTable(
          ['table', 'rows', 'sha256', 'same as source'],
          report.tables.map(t => [t.table, String(t.rows), t.sha256.slice(0, 16), t.matches ? 'yes' : 'NO'])
        )
      );
      const rows = (name: string) => report.tables.find(t => t.table === name)!.rows;
      if (!report.ok) {
        throw new UsageFailure(
          `the copy in ${to.display} differs from ${from.display}: see the table above.`
        );
      }
      const counted = [
        counting(rows('runs'), 'run'),
        counting(rows('run_metrics'), 'metric point'),
        counting(rows('dataset_versions'), 'dataset version'),
        counting(rows('model_versions'), 'model version'),
        counting(rows('jobs'), 'job')
      ];
      console.log(
        `copied ${counted.slice(0, -1).join(', ')} and ${counted[counted.length - 1]} from ${from.display} ` +
          `to ${to.display}: counts and checksums match.`
      );
      if (source.artifactRoot !== target.artifactRoot) {
        console.log(
          `Artifact files stay in ${source.artifactRoot}: copy that folder to ${target.artifactRoot}, ` +
            `or set MLNB_ARTIFACTS=${source.artifactRoot} wherever the new store is used.`
        );
      }
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** "1 job", "3 jobs". */
function counting(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
