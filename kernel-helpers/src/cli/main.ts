import { Command, CommanderError, Option } from 'commander';
import * as path from 'node:path';
import type { KernelspecScope } from '../kernel/kernelspec';
import { printInfo } from '../info';
import { StoreError } from '../store/engine/store';
import { onParentExit } from '../parent-watch';
import { MLNB_VERSION } from '../version';
import { UsageFailure } from './failure';
import { parsePort } from './options';
import { stopOnSignals } from './signals';
import { addDatasetsCommands } from './datasets';
import { addExportCommands } from './export';
import { addDoctorCommand } from './doctor';
import { addReviewCommands } from './review';
import { addIncidentsCommands } from './incidents';
import { addJobsCommands } from './jobs';
import { addLineageCommands } from './lineage';
import { addPipelinesCommands } from './pipelines';
import { addModelsCommands } from './models';
import { addRunCommand, addRunsCommands } from './runs';
import { addStoreCommands } from './store';

interface ServeOptions {
  socket?: string;
  port?: number;
  host: string;
  token?: string;
  root?: string;
  exitWithParent?: boolean;
}

export function buildCli(): Command {
  const program = new Command('mlnb')
    .description('mlnb: experiment tracking, datasets, jobs and models for TypeScript notebooks')
    .version(MLNB_VERSION, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) })
    // Throw instead of exiting, so main() gives bad usage the CLI's exit code 2. Subcommands
    // added below inherit it.
    .exitOverride();

  program
    .command('info')
    .description('print the mlnb version and the store used from this folder')
    .action(() => printInfo());

  const kernel = program
    .command('kernel')
    .description('the "TypeScript (mlnb)" and "JavaScript (mlnb)" Jupyter kernels');
  kernel
    .command('install')
    .description('install the kernelspecs "mlnb" (TypeScript (mlnb)) and "mlnb-js" (JavaScript (mlnb))')
    .addOption(
      new Option('--user', 'install for the current user (default)').conflicts(['sysPrefix', 'prefix'])
    )
    .addOption(new Option('--sys-prefix', "install into the Python environment's prefix").conflicts('prefix'))
    .option('--prefix <dir>', 'write them into DIR/share/jupyter/kernels (no Python needed)')
    .option('--python <python>', 'the Python that has Jupyter (for --user and --sys-prefix)', 'python3')
    .action(async (opts: { user?: boolean; sysPrefix?: boolean; prefix?: string; python: string }) => {
      const scope: KernelspecScope = opts.prefix
        ? { prefix: opts.prefix }
        : opts.sysPrefix
          ? { sysPrefix: true }
          : { user: true };
      const { installKernelspecs } = await import('../kernel/kernelspec');
      const { MLNB_KERNELS } = await import('../kernel/kernels');
      const dirs = installKernelspecs({ scope, python: opts.python });
      MLNB_KERNELS.forEach((k, i) => console.log(`Installed the "${k.displayName}" kernel in ${dirs[i]}`));
    });

  // What the kernelspecs of the Python package run (through `python -m mlnb_lab.kernel`).
  kernel
    .command('start', { hidden: true })
    .description('start a kernel on a Jupyter connection file (Jupyter runs this)')
    .argument('<connection-file>')
    .option('--kernel <name>', 'the kernel: mlnb (TypeScript) or mlnb-js (JavaScript)', 'mlnb')
    .action(async (connectionFile: string, opts: { kernel: string }) => {
      const { MLNB_KERNELS } = await import('../kernel/kernels');
      const chosen = MLNB_KERNELS.find(k => k.name === opts.kernel);
      if (!chosen) {
        throw new UsageFailure(`--kernel ${opts.kernel}: not an mlnb kernel (mlnb, mlnb-js).`, 2);
      }
      const { startKernel } = await import('../kernel/main');
      await startKernel(connectionFile, chosen);
    });

  program
    .command('serve')
    .description('run the mlnb service (JupyterLab starts it for you through jupyter-server-proxy)')
    .addOption(
      new Option('--socket <path>', 'listen on a unix socket (no token: Jupyter authenticates)').conflicts(
        'port'
      )
    )
    .option('--port <port>', 'listen on a TCP port; requests need a token', parsePort)
    .option('--host <host>', 'the address to bind with --port', '127.0.0.1')
    .option('--root <dir>', 'the Jupyter root: request paths are relative to it (default: here)')
    .addOption(
      new Option('--token <token>', 'the token for --port (default: MLNB_TOKEN, else generated)').env(
        'MLNB_TOKEN'
      )
    )
    .option(
      '--exit-with-parent',
      'stop when the process that started it exits (jupyter-server-proxy passes it)'
    )
    .action(async (opts: ServeOptions) => {
      if (!opts.socket && opts.port === undefined) {
        throw new UsageFailure('mlnb serve needs --socket PATH or --port PORT.');
      }
      // Loaded on use: `mlnb run` should not pay for the HTTP server's start-up.
      const { startService } = await import('../server/serve');
      const service = await startService(
        opts.socket ? { socket: opts.socket } : { port: opts.port!, host: opts.host, token: opts.token },
        path.resolve(opts.root ?? '.')
      );
      console.log(`mlnb ${MLNB_VERSION} serving on ${service.address}`);
      console.log(`store: ${service.store.location.display}`);
      if (service.token && !opts.token) {
        console.log(`token: ${service.token}  (send "Authorization: token <token>")`);
      }
      const stop = stopOnSignals(() => service.close());
      if (opts.exitWithParent) {
        onParentExit(stop);
      }
    });

  addRunCommand(program);
  addRunsCommands(program);
  addDatasetsCommands(program);
  addJobsCommands(program);
  addPipelinesCommands(program);
  addModelsCommands(program);
  addLineageCommands(program);
  addExportCommands(program);
  addIncidentsCommands(program);
  addDoctorCommand(program);
  addReviewCommands(program);

  addStoreCommands(program);
  return program;
}

/** Runs the CLI; expected failures print one clear line and exit non-zero. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander printed its own message (or the help); --help and --version end with 0.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const expected = err instanceof UsageFailure || err instanceof StoreError;
    // Expected failures are one line; anything else keeps its stack for the bug report.
    console.error(expected || !process.env.MLNB_DEBUG ? `mlnb: ${(err as Error).message}` : err);
    process.exitCode = err instanceof UsageFailure ? err.exitCode : 1;
  }
}
