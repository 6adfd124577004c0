import { Command, Option } from 'commander';
import type { RunRecord, RunSummary } from '../store/runs/types';
import type { Gate } from '../jobs/gates';
import { FilterTerm, parseFilter, parseOrderBy } from '../runs/filter';
import { UsageFailure } from './failure';
import { affectedBy, withIncidents } from './incident-marks';
import { collect, positiveInteger, positiveSeconds, seedOption } from './options';
import { addReproduceCommand } from './reproduce';
import { resolveRunId } from './run-ids';
import { formatList } from './table';
import { withStore } from './with-store';
import { printResult } from './print';

/** `mlnb run NB`: a headless, tracked run of a notebook. */
export function addRunCommand(program: Command): void {
  program
    .command('run')
    .description('execute a notebook headlessly as a tracked run; prints the run id')
    .argument('<notebook>', 'the .ipynb file (on the TypeScript (mlnb) kernel)')
    .option(
      '-p, --param <name=value>',
      'a parameter value, read by its declared type (repeatable)',
      collect,
      []
    )
    .option(
      '--params-json <object>',
      'typed parameter values as one JSON object, e.g. \'{"lr":0.1,"tag":"a b"}\' (what jobs pass)'
    )
    .option('-o, --output <file>', 'write the executed notebook here (also kept with the run)')
    .option('--cwd <dir>', "the run's working folder (default: the notebook's folder)")
    .option('--timeout <seconds>', 'kill the run after this long', positiveSeconds)
    .option(
      '--gate <expression>',
      'fail the run (exit 1) unless it passes, e.g. "val_acc >= 0.8" (repeatable)',
      collect,
      []
    )
    .option('--name <name>', 'the run name (default: notebook name and time)')
    .option('--notify <when>', 'failure (default), success or always: tell --webhook / --email')
    .option('--webhook <url>', 'POST the outcome as JSON (Slack-compatible "text")')
    .option('--email <address>', 'mail the outcome over MLNB_SMTP_URL')
    .option('--seed <n>', 'the seed Math.random starts from (default: a random one, recorded)', seedOption)
    .option(
      '-k, --kernel <name>',
      "run on this mlnb kernel whatever the notebook's own (tslab and jslab pick their mlnb twins)"
    )
    .option('--log-output', "write the cells' output to stderr as it comes (for CI logs)")
    .option('-q, --quiet', 'no progress line on a terminal')
    // For the scheduler: the attempt is a run of a job, recorded under the job's source notebook.
    .addOption(new Option('--job-id <id>', 'record the run as an attempt of this job').hideHelp())
    .addOption(new Option('--experiment <name>', 'record the run under this experiment').hideHelp())
    // For pipelines: the step's parent run, and the upstream outputs its bare dataset names mean.
    .addOption(
      new Option('--pipeline-run <json>', 'record the run as a step of this pipeline run').hideHelp()
    )
    .addOption(
      new Option('--dataset-versions <json>', 'load these versions of bare dataset names').hideHelp()
    )
    .action(
      async (
        notebook: string,
        opts: {
          param: string[];
          paramsJson?: string;
          gate: string[];
          notify?: string;
          webhook?: string;
          email?: string;
          output?: string;
          cwd?: string;
          timeout?: number;
          name?: string;
          seed?: number;
          kernel?: string;
          logOutput?: boolean;
          quiet?: boolean;
          jobId?: string;
          experiment?: string;
          pipelineRun?: string;
          datasetVersions?: string;
        }
      ) => {
        // Loaded here, so that other commands do not pay for the runner and store modules.
        const { runHeadless } = await import('../runner/run');
        const { NotebookError } = await import('../runner/notebook');
        const { ParameterError } = await import('../runner/parameters');
        // SIGTERM (a scheduler replacing or stopping this run): record it killed, then exit.
        const stop = new AbortController();
        const onTerm = () => stop.abort(new Error('the runner was asked to stop (SIGTERM)'));
        process.once('SIGTERM', onTerm);
        const values = opts.paramsJson === undefined ? undefined : parseParamsJson(opts.paramsJson);
        const { pipelineRunTags, parseDatasetVersions, upstreamOfStep } = await import('./pipeline-step');
        const tags = opts.pipelineRun === undefined ? undefined : pipelineRunTags(opts.pipelineRun);
        const datasetVersions =
          opts.datasetVersions !== undefined
            ? parseDatasetVersions(opts.datasetVersions)
            : tags
              ? await upstreamOfStep(tags)
              : undefined;
        const { GateError, parseGates } = await import('../jobs/gates');
        let gates: Gate[];
        try {
          gates = parseGates(opts.gate);
        } catch (error) {
          throw error instanceof GateError ? new UsageFailure(error.message, 2) : error;
        }
        const { notifyFrom, notifyProblem } = await import('../runner/notify');
        const notify = notifyFrom(opts);
        const problem = notify && notifyProblem(notify);
        if (problem) {
          throw new UsageFailure(problem, 2);
        }
        const { emitLineageEnd, recordedEngineRun, settleRun } = await import('./run-outcome');
        const recorded = await recordedEngineRun(process.env, opts.jobId ?? null);
        if (recorded) {
          console.error(
            `mlnb run: this engine try is recorded already, as run ${recorded.id} (${recorded.status})`
          );
          console.log(recorded.id);
          process.exitCode = recorded.status === 'finished' ? 0 : 1;
          return;
        }
        const { runReporter } = await import('../runner/progress');
        const reporter = runReporter(process.stderr, {
          progress: Boolean(process.stderr.isTTY) && !opts.quiet,
          logOutput: Boolean(opts.logOutput),
          columns: process.stderr.columns
        });
        let result;
        try {
          result = await runHeadless({
            notebook,
            params: opts.param,
            values,
            output: opts.output,
            cwd: opts.cwd,
            timeoutSeconds: opts.timeout,
            runName: opts.name,
            seed: opts.seed,
            kernel: opts.kernel,
            observe: reporter.observe,
            source: opts.jobId ? 'job' : 'batch',
            jobId: opts.jobId ?? null,
            experiment: opts.experiment ?? null,
            datasetVersions,
            tags,
            signal: stop.signal
          });
        } catch (error) {
          if (error instanceof NotebookError || error instanceof ParameterError) {
            throw new UsageFailure(error.message, 2);
          }
          throw error;
        } finally {
          reporter.stop();
          process.removeListener('SIGTERM', onTerm);
        }
        result = { ...result, ...(await settleRun(result, { gates, notify, jobId: opts.jobId ?? null })) };
        await emitLineageEnd(result.runId);
        const kernel = (result.executed.metadata.mlnb as { kernel?: { name: string; savedKernel: string } })
          ?.kernel;
        if (kernel) {
          console.error(
            `mlnb run: saved for the kernel "${kernel.savedKernel}", ran on "${kernel.name}" (--kernel).`
          );
        }
        if (!result.ok) {
          console.error(`mlnb run: ${result.failure}${opts.output ? ` (see ${opts.output})` : ''}`);
        }
        if (result.runId) {
          console.log(result.runId);
        }
        process.exitCode = result.ok ? 0 : 1;
      }
    );
}

/** `--params-json`: the CLI boundary where typed values arrive as text, read once as JSON. */
function parseParamsJson(text: string): Record<string, unknown> {
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new UsageFailure(`--params-json is not JSON: ${(error as Error).message}`, 2);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new UsageFailure('--params-json must be a JSON object of parameter values, e.g. {"lr":0.1}.', 2);
  }
  return values as Record<string, unknown>;
}

/** `mlnb runs list|show`. */
export function addRunsCommands(program: Command): void {
  const runs = program.command('runs').description('tracked runs');
  runs
    .command('list')
    .description('runs, newest first (the same search as the Experiments panel)')
    .option('--experiment <notebook>', 'only the runs of this notebook (its path in the workspace)')
    .option('--filter <expression>', 'e.g. "metrics.val_acc > 0.9 and params.lr = 0.01"')
    .option('--limit <n>', 'at most this many', positiveInteger, 50)
    .option('--json', 'print JSON')
    .action(async (opts: { experiment?: string; filter?: string; limit: number; json?: boolean }) => {
      let filter: FilterTerm[];
      try {
        filter = parseFilter(opts.filter ?? '');
      } catch (error) {
        throw new UsageFailure(`--filter: ${(error as Error).message}`, 2);
      }
      const page = await withStore(store =>
        store.runs.search({
          filter,
          experiment: opts.experiment,
          order: parseOrderBy(undefined),
          limit: opts.limit
        })
      );
      await printResult(opts.json, page.runs, formatRuns);
    });
  runs
    .command('show')
    .description('one run: code version, cells, environment, params, metrics, data, artifacts')
    .argument('<id>', 'the run id (or its first characters)')
    .option('--json', 'print JSON (schemas/run.schema.json)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { record, marks } = await withStore(async store => {
        const run = (await store.runs.get(await resolveRunId(store, id)))!;
        return { record: run, marks: await affectedBy(store, 'run', run.id) };
      });
      await printResult(opts.json, record, () => withIncidents(marks, formatRun(record)));
    });
  addReproduceCommand(runs);
}

function duration(start: string, end: string | null): string {
  if (!end) {
    return '';
  }
  const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

function formatRuns(list: RunSummary[]): string {
  const header = ['ID', 'STATUS', 'SOURCE', 'STARTED', 'TOOK', 'EXPERIMENT', 'NAME', 'METRICS'];
  return formatList(list, 'No runs yet.', header, r => [
    r.id.slice(0, 8),
    r.status,
    r.source,
    r.startTime.slice(0, 19).replace('T', ' '),
    duration(r.startTime, r.endTime),
    r.experiment,
    r.name,
    Object.entries(r.latestMetrics)
      .slice(0, 4)
      .map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`)
      .join(' ')
  ]);
}

function formatRun(run: RunRecord): string {
  const git = run.code.git;
  const lines = [
    `run ${run.id}  ${run.status}  (${run.source})`,
    `name:        ${run.name}`,
    `experiment:  ${run.experiment}`,
    `who, where:  ${run.user} on ${run.host}`,
    `when:        ${run.startTime}${run.endTime ? ` → ${run.endTime} (${duration(run.startTime, run.endTime)})` : ''}`,
    `code:        ${git ? `${git.commit?.slice(0, 12) ?? 'no commit'} on ${git.branch ?? 'detached HEAD'}${git.dirty ? ' + uncommitted changes' : ''}` : 'not in git'}`,
    `seed:        ${run.seed ?? 'none (recorded before runs were seeded)'}`,
    `environment: node ${run.environment.node}, tslab ${run.environment.tslab}, ${run.environment.os.platform} ${run.environment.os.arch}, ${run.environment.cpu.cores} × ${run.environment.cpu.model}`
  ];
  const section = (title: string, items: string[]) => {
    if (items.length) {
      lines.push('', `${title}:`, ...items.map(i => `  ${i}`));
    }
  };
  section(
    'params',
    Object.entries(run.params).map(([k, p]) => `${k} = ${JSON.stringify(p.value)} (${p.type})`)
  );
  section(
    'metrics',
    Object.entries(run.metrics).map(
      ([k, s]) => `${k}: ${s.length} points, last ${s[s.length - 1].value} at step ${s[s.length - 1].step}`
    )
  );
  section(
    'cells',
    run.cells.map(
      c =>
        `#${c.seq} [${c.executionCount ?? ' '}] ${c.status} ${c.durationMs?.toFixed(0) ?? '?'} ms  ${c.source.split('\n')[0].slice(0, 60)}`
    )
  );
  section(
    'data',
    run.dataRefs.map(d => `${d.role} ${d.dataset ?? d.uri} ${d.sha256?.slice(0, 12) ?? ''}`)
  );
  section(
    'artifacts',
    run.artifacts.map(a => `${a.kind} ${a.path} (${a.bytes} bytes)`)
  );
  section(
    'tags',
    Object.entries(run.tags).map(([k, v]) => `${k} = ${v}`)
  );
  return lines.join('\n');
}
