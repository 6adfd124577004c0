import { Command } from 'commander';
import type { Store } from '../store/engine/store';
import type { JobRecord } from '../store/jobs/types';
import type { PipelineRecord, PipelineRun } from '../store/pipelines/types';
import { expireStoppedRuns } from '../jobs/pipelines/lease';
import type { StartedPipelineRun, PipelineRunnerOptions } from '../jobs/pipelines/run';
import {
  addDeleteCommand,
  addPauseCommands,
  addShowCommand,
  triggerText,
  type DefinitionKind
} from './definition-commands';
import { UsageFailure, usageErrors } from './failure';
import { asExportUsage } from './jobs-export';
import { collect, localZone, positiveInteger, positiveSeconds, seconds, wholeNumber } from './options';
import { formatList } from './table';
import { withLocalScheduler } from './local-scheduler';
import { withStore } from './with-store';
import { printResult } from './print';

/** Loaded on use, so that other commands do not pay for the pipeline modules. */
const definitions = () => import('../jobs/pipelines/define');

/** Bad input becomes one clear line and exit code 2. */
const asUsage = usageErrors(async () => (await definitions()).isPipelineInputProblem);

export async function findPipeline(store: Store, given: string): Promise<PipelineRecord> {
  const pipeline = await store.pipelines.get(given);
  if (!pipeline) {
    throw new UsageFailure(`no pipeline named or with the id "${given}" in ${store.location.display}.`, 2);
  }
  return pipeline;
}

const PIPELINES: DefinitionKind<PipelineRecord> = {
  noun: 'pipeline',
  definitions: store => store.pipelines,
  find: findPipeline,
  remove: async (store, pipeline) => (await definitions()).deletePipeline(store, pipeline)
};

interface CreateOptions {
  file?: string;
  after: string[];
  param: string[];
  schedule?: string;
  tz?: string;
  onNewVersion?: string;
  debounce?: number;
  maxParallel?: number;
  retries?: number;
  timeout?: number;
  paused?: boolean;
  json?: boolean;
}

/** Runs `work` with a scheduler of this process (see withLocalScheduler) that starts the steps' attempts. */
const withStepRunner = <T>(
  store: Store,
  what: string,
  work: (options: PipelineRunnerOptions) => Promise<T>
) => withLocalScheduler(store, what, scheduler => work({ store, scheduler }));

/** Prints a finished run and sets the exit code: 0 only when every step succeeded. */
function report(run: PipelineRun, json: boolean | undefined, command: string): void {
  if (json) {
    console.log(JSON.stringify(run, null, 2));
  } else {
    console.log(run.id);
    console.error(formatRun(run));
  }
  if (run.status !== 'succeeded') {
    const failed = run.steps.filter(s => s.status === 'failed').map(s => `${s.step} (${s.error})`);
    console.error(`mlnb pipelines ${command}: the run failed at ${failed.join(', ') || 'a step'}`);
    process.exitCode = 1;
  }
}

/** `mlnb pipelines create|list|show|run|resume|pause|resume-schedule|delete|export`. */
export function addPipelinesCommands(program: Command): void {
  const pipelines = program
    .command('pipelines')
    .description('several notebooks run as one unit, wired by the datasets they pass');
  pipelines
    .command('create')
    .description(
      'define a pipeline from notebooks (or a *.pipeline.yaml); edges come from --after and the datasets'
    )
    .argument('[name]', 'the pipeline name (unique); taken from the file with --file')
    .argument('[notebooks...]', 'one step per notebook, named after its file')
    .option('-f, --file <pipeline.yaml>', 'a pipeline file (schemas/pipeline.schema.json $defs/file)')
    .option('--after <step:upstream>', 'STEP runs after UPSTREAM (repeatable)', collect, [])
    .option('-p, --param <step.name=value>', "a step's parameter value (repeatable)", collect, [])
    .option('--schedule <cron>', '5 cron fields (default: by hand or by data only)')
    .option('--tz <zone>', "the IANA time zone of the schedule (default: this machine's)")
    .option('--on-new-version <dataset>', 'start a run when the dataset gets a new version')
    .option('--debounce <seconds>', 'versions within this of each other start one run (default 5)', seconds)
    .option('--max-parallel <n>', 'steps that run at once at most (default 2)', positiveInteger)
    .option('--retries <n>', 'retries of a failed step (default 0)', wholeNumber)
    .option('--timeout <seconds>', 'kill a step that runs longer', positiveSeconds)
    .option('--paused', 'create it paused')
    .option('--json', 'print the pipeline as JSON')
    .action(async (name: string | undefined, notebooks: string[], opts: CreateOptions) => {
      const pipeline = await withStore(store =>
        asUsage(async () => {
          const { createPipeline, afterPairs, paramsByStep, PipelineInputError } = await definitions();
          let input;
          if (opts.file) {
            if (name || notebooks.length > 0) {
              throw new PipelineInputError('Give either --file or a name and notebooks, not both.', 'file');
            }
            const { readPipelineFile } = await import('../jobs/pipelines/file');
            input = readPipelineFile(opts.file, localZone());
          } else {
            if (!name || notebooks.length === 0) {
              throw new PipelineInputError(
                'mlnb pipelines create NAME STEP.ipynb… (or --file NAME.pipeline.yaml).',
                'steps'
              );
            }
            const path = await import('node:path');
            const stepNames = notebooks.map(nb => path.basename(nb).replace(/\.ipynb$/i, ''));
            const after = afterPairs(opts.after);
            for (const step of after.keys()) {
              if (!stepNames.includes(step)) {
                throw new PipelineInputError(
                  `--after ${step}:…: the pipeline has no step "${step}" (its steps: ${stepNames.join(', ')}).`,
                  'after'
                );
              }
            }
            const params = paramsByStep(opts.param, stepNames);
            input = {
              name,
              steps: notebooks.map((notebook, i) => ({
                notebook,
                name: stepNames[i],
                after: after.get(stepNames[i]) ?? [],
                params: params.get(stepNames[i]),
                retries: opts.retries,
                timeoutSeconds: opts.timeout
              })),
              schedule: opts.schedule ? { cron: opts.schedule, timezone: opts.tz ?? localZone() } : null,
              onNewVersion: opts.onNewVersion
                ? { dataset: opts.onNewVersion, debounceSeconds: opts.debounce }
                : null,
              maxParallel: opts.maxParallel,
              enabled: !opts.paused
            };
          }
          return createPipeline(store, input);
        })
      );
      await printResult(
        opts.json,
        pipeline,
        () => `created pipeline ${pipeline.name}\n${formatPipeline(pipeline)}`
      );
    });

  pipelines
    .command('list')
    .description('pipelines, with their last run')
    .option('--json', 'print JSON: [{pipeline, lastRun}]')
    .action(async (opts: { json?: boolean }) => {
      const list = await withStore(async store => {
        await expireStoppedRuns(store);
        return Promise.all(
          (await store.pipelines.list()).map(async pipeline => ({
            pipeline,
            lastRun: (await store.pipelines.runs(pipeline.id, 1))[0] ?? null
          }))
        );
      });
      if (opts.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      const none = 'No pipelines yet: mlnb pipelines create NAME ingest.ipynb features.ipynb …';
      const header = ['NAME', 'STATE', 'STEPS', 'TRIGGER', 'LAST RUN'];
      const table = formatList(list, none, header, ({ pipeline, lastRun }) => [
        pipeline.name,
        pipeline.enabled ? 'enabled' : 'paused',
        String(pipeline.steps.length),
        triggerText(pipeline),
        lastRun ? `${lastRun.status} ${lastRun.startTime.slice(0, 19).replace('T', ' ')}` : ''
      ]);
      console.log(table);
    });

  addShowCommand(pipelines, PIPELINES, {
    description: 'a pipeline: its steps, each edge and why it is there, the datasets, its recent runs',
    json: 'print JSON: {pipeline, parameters (per step: its typed values), runs}',
    gather: async (store, pipeline) => {
      await expireStoppedRuns(store);
      const parameters = Object.fromEntries(
        await Promise.all(
          pipeline.steps.map(async step => [step.name, (await store.jobs.get(step.jobId))?.parameters ?? {}])
        )
      ) as Record<string, JobRecord['parameters']>;
      return { pipeline, parameters, runs: await store.pipelines.runs(pipeline.id, 10) };
    },
    format: ({ pipeline, parameters, runs }) =>
      `${formatPipeline(pipeline, parameters)}\n${runs.length ? `\nruns:\n${runs.map(formatRun).join('\n')}` : '\nno runs yet'}`
  });

  pipelines
    .command('run')
    .description('run the pipeline now and wait; exit 0 only when every step succeeded')
    .argument('<pipeline>', 'the pipeline name or id')
    .option('--json', 'print the run as JSON')
    .action(async (given: string, opts: { json?: boolean }) => {
      const run = await withStore(async store => {
        const pipeline = await findPipeline(store, given);
        const { startPipelineRun } = await import('../jobs/pipelines/run');
        return withStepRunner(store, 'mlnb pipelines run', async options => {
          const started = (await startPipelineRun(options, pipeline, 'manual', Date.now()))!;
          return started.done;
        });
      });
      report(run, opts.json, 'run');
    });

  pipelines
    .command('resume')
    .description('re-run a failed run from its failed steps, with the outputs its other steps registered')
    .argument('<pipeline>', 'the pipeline name or id')
    .argument('[run]', 'the pipeline run id (default: the latest run)')
    .option('--json', 'print the run as JSON')
    .action(async (given: string, runId: string | undefined, opts: { json?: boolean }) => {
      const run = await withStore(async store => {
        const pipeline = await findPipeline(store, given);
        const { resumePipelineRun, resumeProblem, RunTakenError } = await import('../jobs/pipelines/run');
        await expireStoppedRuns(store);
        const target = runId
          ? await store.pipelines.getRun(runId)
          : (await store.pipelines.runs(pipeline.id, 1))[0];
        if (!target || target.pipelineId !== pipeline.id) {
          throw new UsageFailure(
            runId
              ? `pipeline ${pipeline.name} has no run ${runId}.`
              : `pipeline ${pipeline.name} has not run yet.`,
            2
          );
        }
        const problem = resumeProblem(target);
        if (problem) {
          throw new UsageFailure(problem, 2);
        }
        return withStepRunner(store, 'mlnb pipelines resume', async options => {
          let started: StartedPipelineRun;
          try {
            started = await resumePipelineRun(options, pipeline, target);
          } catch (error) {
            throw error instanceof RunTakenError ? new UsageFailure(error.message, 2) : error;
          }
          return started.done;
        });
      });
      report(run, opts.json, 'resume');
    });

  addPauseCommands(pipelines, PIPELINES, {
    pause: 'stop firing the schedule and data trigger',
    resume: ['resume-schedule', 'fire the schedule and data trigger again']
  });

  addExportCommand(pipelines);
  addDeleteCommand(
    pipelines,
    PIPELINES,
    "delete the pipeline, its run history and its steps' jobs (the runs stay)"
  );
}

/** `mlnb pipelines export NAME --to airflow|argo`: one DAG, or one CronWorkflow with a DAG template. */
function addExportCommand(pipelines: Command): void {
  pipelines
    .command('export')
    .description('write one Airflow DAG (a task per step) or one Argo CronWorkflow (a DAG template)')
    .argument('<pipeline>', 'the pipeline name or id')
    .requiredOption('--to <engine>', 'airflow or argo')
    .option('-o, --output <dir>', 'the folder to write to (for Airflow: the DAGs folder)', '.')
    .option('--image <image>', 'Argo: the runner image (default mlnb-runner:latest)')
    .action(async (given: string, opts: { to: string; output: string; image?: string }) => {
      if (opts.to !== 'airflow' && opts.to !== 'argo') {
        throw new UsageFailure(`--to must be airflow or argo; got "${opts.to}".`, 2);
      }
      const target = opts.to;
      const written = await withStore(async store => {
        const pipeline = await findPipeline(store, given);
        const { exportPipeline } = await import('../jobs/pipelines/export');
        const { writeFiles } = await import('../jobs/engines/export');
        return asExportUsage(async () => {
          const { files, notes } = await exportPipeline(store, pipeline, target, { image: opts.image });
          return { paths: writeFiles(opts.output, files), notes };
        });
      });
      written.paths.forEach(file => console.log(file));
      written.notes.forEach(note => console.error(`mlnb pipelines export: not as in mlnb: ${note}`));
    });
}

/** The pipeline as text; with `parameters` (per step, from its job) each step's values too. */
function formatPipeline(
  pipeline: PipelineRecord,
  parameters?: Record<string, JobRecord['parameters']>
): string {
  const steps = pipeline.steps.map(step => {
    const edges = step.dependsOn.map(e =>
      e.because === 'after' ? `${e.step} (after)` : `${e.step} (dataset ${e.because})`
    );
    const values = Object.entries(parameters?.[step.name] ?? {}).map(
      ([name, p]) => `${name}=${JSON.stringify(p.value)}`
    );
    return [
      `  ${step.name}  ${step.notebook}`,
      `    after:      ${edges.join(', ') || 'nothing'}`,
      `    loads:      ${step.loads.join(', ') || 'nothing'}`,
      `    registers:  ${step.registers.join(', ') || 'nothing'}`,
      ...(parameters ? [`    params:     ${values.join(', ') || "the notebook's defaults"}`] : [])
    ].join('\n');
  });
  return [
    `pipeline ${pipeline.name}  ${pipeline.id}  ${pipeline.enabled ? 'enabled' : 'paused'}`,
    `trigger:      ${triggerText(pipeline)}`,
    `max parallel: ${pipeline.maxParallel}`,
    `steps:`,
    ...steps
  ].join('\n');
}

function formatRun(run: PipelineRun): string {
  const steps = run.steps.map(s => `${s.step}:${s.status}${s.runId ? `(${s.runId.slice(0, 8)})` : ''}`);
  return `${run.startTime.slice(0, 19).replace('T', ' ')} ${run.id.slice(0, 8)} ${run.trigger} ${run.status}  ${steps.join(' ')}`;
}
