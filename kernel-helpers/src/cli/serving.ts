import { Command, InvalidArgumentError, Option } from 'commander';
import * as path from 'node:path';
import type { ModelMonitor } from '../contracts';
import { onParentExit } from '../parent-watch';
import { notifyProblem } from '../runner/notify';
import { UsageFailure } from './failure';
import { parsePort, positiveInteger, wholeNumber } from './options';
import { stopOnSignals } from './signals';
import { formatTable } from './table';
import { withStore } from './with-store';
import { printResult } from './print';

interface ServeOptions {
  port: number;
  host: string;
  socket?: string;
  token?: string;
  shadow?: string;
  batchWait: number;
  batchRows: number;
  sampleRate: number;
  logRows: number;
  logCap: number;
  poll: number;
  alertPsi?: number;
  webhook?: string;
  exitWithParent?: boolean;
}

/** `mlnb models serve` and `mlnb models monitor`, on the `models` command. */
export function addServingCommands(
  models: Command,
  registryAction: <T>(action: () => Promise<T>) => Promise<T>
): void {
  models
    .command('serve')
    .description(
      'serve a version over HTTP (MLflow /invocations, TF Serving /v1/models/NAME:predict, /feedback)'
    )
    .argument('<ref>', 'NAME@STAGE (followed: a promotion swaps the version in), NAME@VERSION or NAME')
    .option('--port <port>', 'the TCP port (0: any free one)', parsePort, 5001)
    .option('--host <host>', 'the address to bind', '127.0.0.1')
    .addOption(
      new Option('--socket <path>', 'listen on a unix socket instead (no token: behind Jupyter)').conflicts(
        'port'
      )
    )
    .addOption(
      new Option('--token <token>', 'the token requests send (default: MLNB_TOKEN, else generated)').env(
        'MLNB_TOKEN'
      )
    )
    .option(
      '--shadow <ref>',
      'also score every request with this version (e.g. NAME@staging) and report agreement'
    )
    .option('--batch-wait <ms>', 'the longest a request waits to be batched with others', wholeNumber, 2)
    .option('--batch-rows <n>', 'rows that send a batch at once', positiveInteger, 1024)
    .option('--sample-rate <share>', 'share of rows written to <model>-requests (0 to 1)', shareOf, 1)
    .option(
      '--log-rows <n>',
      'rows per version of <model>-requests (a new version each day too)',
      positiveInteger,
      10_000
    )
    .option('--log-cap <n>', 'at most this many rows of <model>-requests per hour', positiveInteger, 10_000)
    .option('--poll <ms>', 'how often a followed stage is checked for a promotion', positiveInteger, 1000)
    .option(
      '--alert-psi <psi>',
      'after each <model>-requests version: notify --webhook when a feature PSI reaches this',
      psiOf
    )
    .option('--webhook <url>', 'where drift alerts are POSTed (JSON with a "text" field)')
    .option('--exit-with-parent', 'stop when the process that started it exits (a notebook kernel)')
    .action(async (ref: string, opts: ServeOptions) => {
      const webhook = checkedWebhook(opts);
      const { startModelServer } = await import('../serving/server');
      const { openStore } = await import('../store/engine/open');
      const store = await openStore();
      const alerts = webhook ? driftAlerts(store, ref, opts.alertPsi!, webhook) : undefined;
      const server = await registryAction(() =>
        startModelServer({
          store,
          ref,
          cwd: process.cwd(),
          endpoint: opts.socket
            ? { socket: path.resolve(opts.socket) }
            : { port: opts.port, host: opts.host, token: opts.token },
          shadow: opts.shadow,
          batch: { maxWaitMs: opts.batchWait, maxRows: opts.batchRows },
          log: { sampleRate: opts.sampleRate, rowsPerVersion: opts.logRows, capPerHour: opts.logCap },
          pollMs: opts.poll,
          written: alerts
        })
      ).catch(async error => {
        await store.close();
        throw error;
      });
      const s = server.status();
      console.log(
        `serving ${s.model}@${s.version} (stage ${s.stage}${s.following ? `, following ${s.following}` : ''}) on ${server.address}`
      );
      if (server.token && !opts.token) {
        console.log(`token: ${server.token}  (send "Authorization: token <token>")`);
      }
      const stop = stopOnSignals(() => server.close().then(() => store.close()));
      if (opts.exitWithParent) {
        onParentExit(stop);
      }
    });

  models
    .command('monitor')
    .description(
      'drift of the served requests (<model>-requests) against the training data, predictions over time, live metrics'
    )
    .argument('<name>', 'the model')
    .option('--json', 'print JSON (schemas/serving.schema.json#/$defs/modelMonitor)')
    .option('--alert-psi <psi>', 'the PSI that counts as drift', psiOf, 0.25)
    .option('--webhook <url>', 'notify this webhook when a feature reaches --alert-psi')
    .action(async (name: string, opts: { json?: boolean; alertPsi: number; webhook?: string }) => {
      const webhook = checkedWebhook(opts);
      const { monitorModel, alertDrift } = await import('../serving/monitor');
      const report = await registryAction(() => withStore(store => monitorModel(store, name, opts.alertPsi)));
      await printResult(opts.json, report, formatMonitor);
      if (webhook && report.alert) {
        const problem = await alertDrift(webhook, report);
        if (problem) {
          throw new UsageFailure(`the drift alert was not delivered: ${problem}`, 1);
        }
        console.error(`drift alert sent to ${webhook}`);
      }
    });
}

function checkedWebhook(opts: { webhook?: string; alertPsi?: number }): string | undefined {
  if (!opts.webhook) {
    return undefined;
  }
  if (opts.alertPsi === undefined) {
    throw new UsageFailure('--webhook needs --alert-psi, the PSI that sends an alert.', 2);
  }
  const problem = notifyProblem({ on: 'always', webhook: opts.webhook, email: null });
  if (problem) {
    throw new UsageFailure(problem, 2);
  }
  return opts.webhook;
}

/** After each written `<model>-requests` version: an alert when drift crosses the threshold (once per crossing). */
function driftAlerts(
  store: import('../store/engine/store').Store,
  ref: string,
  threshold: number,
  webhook: string
) {
  let alerted = false;
  return (dataset: string) =>
    void (async () => {
      const { monitorModel, alertDrift } = await import('../serving/monitor');
      const report = await monitorModel(store, ref.split('@')[0], threshold);
      if (report.alert && !alerted) {
        const problem = await alertDrift(webhook, report);
        console.log(
          problem ? `drift alert failed: ${problem}` : `drift in ${dataset}: alert sent to ${webhook}`
        );
      }
      alerted = report.alert;
    })().catch(error => console.error(`drift check failed: ${(error as Error).message}`));
}

function shareOf(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('a share from 0 to 1.');
  }
  return n;
}

function psiOf(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('a PSI above 0 (0.1 moderate, 0.25 large).');
  }
  return n;
}

const fixed = (n: number | null, digits = 3) => (n === null ? '' : n.toFixed(digits));

function formatMonitor(m: ModelMonitor): string {
  if (!m.requests) {
    return `${m.model}: no requests logged yet (mlnb models serve writes them to ${m.model}-requests).`;
  }
  const lines = [
    `${m.model}: ${m.rows} requests in ${m.requests} against ${m.training ?? 'no training data found'}`,
    `max PSI ${m.maxPsi.toFixed(3)} (threshold ${m.threshold})${m.alert ? '  DRIFT' : ''}`,
    ''
  ];
  if (m.features.length) {
    lines.push(
      formatTable(
        ['FEATURE', 'PSI', 'MEAN SHIFT (SD)', 'DRIFTED'],
        m.features.map(f => [f.feature, fixed(f.psi), fixed(f.meanShiftStd, 2), f.drifted ? 'yes' : ''])
      ),
      ''
    );
  }
  lines.push('predictions:');
  for (const p of m.predictions) {
    const shares = Object.entries(p.shares)
      .map(([label, share]) => `${label} ${(share * 100).toFixed(0)}%`)
      .join(', ');
    lines.push(
      `  ${p.at.slice(0, 16).replace('T', ' ')}  ${p.dataset}  ${p.rows} rows  ${shares || `mean ${fixed(p.mean)}`}`
    );
  }
  lines.push('', ...liveLines(m.live));
  return lines.join('\n');
}

/** The newest point of each version's live series: "version 3: live accuracy 0.9500 over 40 labels". */
export function liveLines(live: ModelMonitor['live']): string[] {
  const newest = new Map<string, ModelMonitor['live'][number]>();
  live.forEach(p => newest.set(`${p.version} ${p.key}`, p));
  return newest.size === 0
    ? ['live: no feedback yet (POST /feedback to the model server)']
    : [...newest.values()].map(
        p =>
          `version ${p.version}: live ${p.key.replace(/^live_/, '')} ${p.value.toFixed(4)} over ${p.count} labels`
      );
}
