import type { Command } from 'commander';
import type { FlushResult, OutboxStatus } from '../lineage/outbox';
import { UsageFailure } from './failure';
import { printResult } from './print';
import { withStore } from './with-store';

/** What `mlnb lineage status` says: where events go, and the backlog. */
type BacklogStatus = { url: string | null; file: string | null } & OutboxStatus;

/** `mlnb lineage status | flush`: the OpenLineage events waiting for their receiver. */
export function addLineageCommands(program: Command): void {
  const lineage = program
    .command('lineage')
    .description('OpenLineage events (MLNB_OPENLINEAGE_URL / MLNB_OPENLINEAGE_FILE): the backlog');
  lineage
    .command('status')
    .description('where events go, how many wait to be sent, and the events the receiver refused')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await printResult(opts.json, await backlogStatus(), formatStatus);
    });
  lineage
    .command('flush')
    .description('send the waiting events to MLNB_OPENLINEAGE_URL, in order (exit 1 if some still wait)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { config, outboxFor } = await loadLineage();
      const url = config?.url;
      if (!url) {
        throw new UsageFailure(
          'MLNB_OPENLINEAGE_URL is not set: there is no receiver to send the backlog to.',
          2
        );
      }
      const warn = (message: string) => console.error(message);
      const result = await withStore(store => outboxFor(store).flush(url, config.apiKey, warn));
      await printResult(opts.json, result, formatFlush);
      if (result.pending > 0) {
        process.exitCode = 1;
      }
    });
}

/** The configured receiver and the store's outbox, loaded when a lineage command runs. */
async function loadLineage() {
  const [{ lineageConfig }, { outboxFor }] = await Promise.all([
    import('../lineage/config'),
    import('../lineage/emit')
  ]);
  return { config: lineageConfig(), outboxFor };
}

async function backlogStatus(): Promise<BacklogStatus> {
  const { config, outboxFor } = await loadLineage();
  const status = await withStore(async store => outboxFor(store).status());
  return { url: config?.url ?? null, file: config?.file ?? null, ...status };
}

function formatStatus(status: BacklogStatus): string {
  return [
    `receiver: ${status.url ?? 'none (MLNB_OPENLINEAGE_URL is not set)'}`,
    ...(status.file ? [`file:     ${status.file}`] : []),
    `backlog:  ${status.pending} event(s) waiting in ${status.dir}`,
    ...status.rejected.map(r => `refused:  ${r.file}: HTTP ${r.status}: ${r.body.slice(0, 300)}`)
  ].join('\n');
}

function formatFlush(result: FlushResult): string {
  const stopped = result.stopped ? ` (${result.stopped})` : '';
  return `sent ${result.sent}, refused ${result.rejected.length}, waiting ${result.pending}${stopped}`;
}
