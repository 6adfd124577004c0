import type { Command } from 'commander';
import { UsageFailure } from './failure';
import { withStore } from './with-store';

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
      const { lineageConfig } = await import('../lineage/config');
      const { outboxFor } = await import('../lineage/emit');
      const config = lineageConfig();
      const status = await withStore(async store => outboxFor(store).status());
      if (opts.json) {
        console.log(
          JSON.stringify({ url: config?.url ?? null, file: config?.file ?? null, ...status }, null, 2)
        );
        return;
      }
      console.log(`receiver: ${config?.url ?? 'none (MLNB_OPENLINEAGE_URL is not set)'}`);
      if (config?.file) {
        console.log(`file:     ${config.file}`);
      }
      console.log(`backlog:  ${status.pending} event(s) waiting in ${status.dir}`);
      for (const refused of status.rejected) {
        console.log(`refused:  ${refused.file}: HTTP ${refused.status}: ${refused.body.slice(0, 300)}`);
      }
    });
  lineage
    .command('flush')
    .description('send the waiting events to MLNB_OPENLINEAGE_URL, in order (exit 1 if some still wait)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { lineageConfig } = await import('../lineage/config');
      const config = lineageConfig();
      if (!config?.url) {
        throw new UsageFailure(
          'MLNB_OPENLINEAGE_URL is not set: there is no receiver to send the backlog to.',
          2
        );
      }
      const { outboxFor } = await import('../lineage/emit');
      const warn = (message: string) => console.error(message);
      const result = await withStore(store => outboxFor(store).flush(config.url!, config.apiKey, warn));
      if (opts.json) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        console.log(
          `sent ${result.sent}, refused ${result.rejected.length}, waiting ${result.pending}` +
            (result.stopped ? ` (${result.stopped})` : '')
        );
      }
      if (result.pending > 0) {
        process.exitCode = 1;
      }
    });
}
