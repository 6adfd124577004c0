import { Command, Option } from 'commander';
import type { AttemptRecord, JobRecord } from '../store/jobs/types';
import { UsageFailure, usageErrors } from './failure';
import {
  addDeleteCommand,
  addPauseCommands,
  addShowCommand,
  triggerText,
  type DefinitionKind
} from './definition-commands';
import { findJob } from './find-job';
import { stopOnSignals } from './signals';
import { addJobsExportCommand, runJobOnAirflow } from './jobs-export';
import { addJobsHistoryCommand, formatAttempt } from './jobs-history';
import { formatList } from './table';
import { collect, localZone, positiveSeconds, seconds, wholeNumber } from './options';
import { withLocalScheduler } from './local-scheduler';
import { withStore } from './with-store';
import { printResult } from './print';

/** Loaded on use, so that other commands do not pay for the scheduler's modules. */
const scheduler = () => import('../jobs/define');

const JOBS: DefinitionKind<JobRecord> = {
  noun: 'job',
  definitions: store => store.jobs,
  find: findJob,
  remove: async (store, job) => (await scheduler()).deleteJob(store, job)
};

/** Bad input becomes one clear line and exit code 2. */
const asUsage = usageErrors(async () => (await scheduler()).isJobInputProblem);

interface CreateOptions {
  name: string;
  schedule?: string;
  tz?: string;
  onNewVersion?: string;
  debounce?: number;
  param: string[];
  retries?: number;
  backoff?: number;
  timeout?: number;
  concurrency?: 'forbid' | 'allow' | 'replace';
  gate: string[];
  engine?: string;
  notify?: string;
  webhook?: string;
  email?: string;
  deadline?: number;
  paused?: boolean;
  json?: boolean;
}

/** `mlnb jobs create|list|show|run|pause|resume|delete` and `mlnb scheduler`. */
export function addJobsCommands(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('scheduled batch jobs: a notebook snapshot run on a schedule');
  addJobsExportCommand(jobs);
  addJobsHistoryCommand(jobs);
  jobs
    .command('create')
    .description('freeze a notebook into a job (snapshot, typed parameters, schedule, retries, gates)')
    .argument('<notebook>', 'the .ipynb file (on the TypeScript (mlnb) kernel)')
    .requiredOption('--name <name>', 'the job name (unique)')
    .option(
      '--schedule <cron>',
      '5 cron fields: minute hour day-of-month month day-of-week (default: manual only)'
    )
    .option('--tz <zone>', "the IANA time zone of the schedule (default: this machine's)")
    .option('--on-new-version <dataset>', 'run when the dataset gets a new version (and load that version)')
    .option(
      '--debounce <seconds>',
      'versions within this of each other start one attempt (default 5)',
      seconds
    )
    .option(
      '-p, --param <name=value>',
      'a parameter value, checked against the notebook (repeatable)',
      collect,
      []
    )
    .option('--retries <n>', 'retries after a failed attempt (default 0)', wholeNumber)
    .option(
      '--backoff <positiveSeconds>',
      'wait before the first retry, doubled for each next one (default 10)',
      positiveSeconds
    )
    .option('--timeout <positiveSeconds>', 'kill an attempt that runs longer', positiveSeconds)
    .addOption(
      new Option(
        '--concurrency <policy>',
        'when a slot comes while an attempt runs (default forbid)'
      ).choices(['forbid', 'allow', 'replace'])
    )
    .option(
      '--gate <expression>',
      'e.g. "val_acc >= 0.8" or "drift(penguins, 2) <= 0.25" (repeatable)',
      collect,
      []
    )
    .option(
      '--deadline <positiveSeconds>',
      'a slot missed while no scheduler ran still runs within this (default 300)',
      positiveSeconds
    )
    .option(
      '--engine <engine>',
      "who fires it: mlnb (this machine's scheduler, default), airflow, kubernetes or argo"
    )
    .option('--notify <when>', 'failure (default), success or always: tell --webhook / --email')
    .option('--webhook <url>', "POST each run's outcome as JSON (Slack-compatible)")
    .option('--email <address>', "mail each run's outcome over MLNB_SMTP_URL")
    .option('--paused', 'create it paused')
    .option('--json', 'print the job as JSON')
    .action(async (notebook: string, opts: CreateOptions) => {
      if (opts.tz && !opts.schedule) {
        throw new UsageFailure('--tz needs --schedule: a manual job has no time zone.', 2);
      }
      if (opts.debounce !== undefined && !opts.onNewVersion) {
        throw new UsageFailure('--debounce needs --on-new-version DATASET.', 2);
      }
      const job = await withStore(store =>
        asUsage(async () => {
          const { createJob } = await scheduler();
          const { notifyFrom } = await import('../runner/notify');
          return createJob(store, {
            notebook,
            name: opts.name,
            schedule: opts.schedule ? { cron: opts.schedule, timezone: opts.tz ?? localZone() } : null,
            onNewVersion: dataTrigger(opts),
            params: opts.param,
            retries: opts.retries,
            backoffSeconds: opts.backoff,
            timeoutSeconds: opts.timeout,
            concurrency: opts.concurrency,
            gates: opts.gate,
            engine: opts.engine,
            notify: notifyFrom(opts),
            startingDeadlineSeconds: opts.deadline,
            enabled: !opts.paused
          });
        })
      );
      await printResult(
        opts.json,
        job,
        async () => `created job ${job.name} (${job.id})\n${await formatJob(job)}`
      );
    });

  jobs
    .command('list')
    .description('the jobs, with their schedules and next fire times')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withStore(async store =>
        Promise.all(
          (await store.jobs.list()).map(async job => ({
            job,
            last: (await store.jobs.history(job.id, 1))[0]
          }))
        )
      );
      if (opts.json) {
        console.log(
          JSON.stringify(
            list.map(({ job }) => job),
            null,
            2
          )
        );
        return;
      }
      console.log(await formatJobs(list));
    });

  addShowCommand(jobs, JOBS, {
    description: 'one job and its latest attempts',
    json: 'print JSON: the job and its history',
    gather: async (store, job) => ({ ...job, history: await store.jobs.history(job.id, 20) }),
    format: async ({ history, ...job }) => {
      const lines = history.map(formatAttempt);
      return `${await formatJob(job)}\n\nhistory:${lines.length ? `\n  ${lines.join('\n  ')}` : ' none yet'}`;
    }
  });

  jobs
    .command('run')
    .description(
      'run the job now and wait (retries and gates; not its concurrency policy); exit 0 when it succeeded'
    )
    .argument('<job>', 'the job name or id')
    .option('--airflow-url <url>', 'for a job on Airflow: trigger its DAG there (or MLNB_AIRFLOW_URL)')
    .option('--json', 'print the last attempt as JSON')
    .action(async (given: string, opts: { json?: boolean; airflowUrl?: string }) => {
      const airflowUrl = opts.airflowUrl ?? process.env.MLNB_AIRFLOW_URL;
      if (
        airflowUrl &&
        (await withStore(async store => (await findJob(store, given)).engine)) === 'airflow'
      ) {
        await runJobOnAirflow(given, airflowUrl, Boolean(opts.json));
        return;
      }
      const final = await withStore(async store => {
        const job = await findJob(store, given);
        return withLocalScheduler(store, 'mlnb jobs run', async runner => (await runner.runNow(job)).final);
      });
      if (opts.json) {
        console.log(JSON.stringify(final, null, 2));
      } else if (final.status === 'succeeded') {
        console.log(final.runId ?? '');
      }
      if (final.status !== 'succeeded') {
        console.error(
          `mlnb jobs run: attempt ${final.attempt} ${final.status}: ${final.error ?? 'no reason given'}`
        );
        process.exitCode = 1;
      }
    });

  addPauseCommands(jobs, JOBS, {
    pause: 'stop firing the schedule (running attempts go on)',
    resume: ['resume', 'fire the schedule again (from now on)']
  });

  jobs
    .command('update')
    .description("change a job's settings")
    .argument('<job>', 'the job name or id')
    .option('--engine <engine>', 'mlnb, airflow, kubernetes or argo (mlnb fires only its own jobs)')
    .option('--on-new-version <dataset>', 'run when the dataset gets a new version')
    .option('--debounce <seconds>', 'versions within this start one attempt (default 5)', seconds)
    .option('--no-on-new-version', 'stop running on new versions')
    .option('--notify <when>', 'failure, success or always (with --webhook / --email)')
    .option('--webhook <url>', "POST each run's outcome as JSON")
    .option('--email <address>', "mail each run's outcome over MLNB_SMTP_URL")
    .option('--no-notify', 'stop notifying')
    .option('--json', 'print the job as JSON')
    .action(
      async (
        given: string,
        opts: {
          engine?: string;
          notify?: string | false;
          webhook?: string;
          email?: string;
          onNewVersion?: string | false;
          debounce?: number;
          json?: boolean;
        }
      ) => {
        const job = await withStore(async store => {
          const found = await findJob(store, given);
          const { updateJob } = await scheduler();
          const { notifyFrom } = await import('../runner/notify');
          const notify =
            opts.notify === false
              ? null
              : (notifyFrom({ ...opts, notify: opts.notify || undefined }) ?? undefined);
          const onNewVersion = opts.onNewVersion === false ? null : dataTrigger(opts);
          return asUsage(() => updateJob(store, found, { engine: opts.engine, notify, onNewVersion }));
        });
        await printResult(opts.json, job, async () => `job ${job.name} updated\n${await formatJob(job)}`);
      }
    );

  addDeleteCommand(jobs, JOBS, 'delete the job, its history and its snapshot (its runs stay)');

  program
    .command('scheduler')
    .description('run the job scheduler in the foreground (mlnb serve runs one too)')
    .option('--systemd-unit', 'print a systemd unit that runs this scheduler as a service, and exit')
    .action(async (opts: { systemdUnit?: boolean }) => {
      if (opts.systemdUnit) {
        const { systemdUnit } = await import('../jobs/systemd');
        console.log(systemdUnit());
        return;
      }
      const { openStore } = await import('../store/engine/open');
      const { startScheduler } = await import('../jobs/service');
      const store = await openStore();
      const running = startScheduler(store, { log: line => console.log(line) });
      console.log(`mlnb scheduler on ${store.location.display} (pid ${process.pid})`);
      stopOnSignals(() => running.stop().then(() => store.close()));
    });
}

/** `--on-new-version DATASET [--debounce S]` as a trigger; undefined when not given. */
function dataTrigger(opts: { onNewVersion?: string | false; debounce?: number }) {
  return opts.onNewVersion ? { dataset: opts.onNewVersion, debounceSeconds: opts.debounce } : undefined;
}

async function formatJob(job: JobRecord): Promise<string> {
  const { describeSchedule, nextTimes } = await import('../jobs/cron');
  const schedule = job.schedule ? `${job.schedule.cron} (${describeSchedule(job.schedule)})` : 'manual only';
  const next = job.schedule && job.enabled ? nextTimes(job.schedule, Date.now(), 1)[0] : undefined;
  const params = Object.entries(job.parameters).map(([k, p]) => `${k}=${JSON.stringify(p.value)}`);
  return [
    `job ${job.name}  ${job.id}  ${job.enabled ? 'enabled' : 'paused'}`,
    `notebook:    ${job.notebook.path} (snapshot ${job.notebook.sha256.slice(0, 12)}${job.notebook.gitCommit ? `, commit ${job.notebook.gitCommit.slice(0, 12)}` : ''})`,
    `schedule:    ${schedule}`,
    ...(job.onNewVersion
      ? [
          `trigger:     new version of ${job.onNewVersion.dataset} (debounce ${job.onNewVersion.debounceSeconds} s; the run loads that version)`
        ]
      : []),
    ...(next ? [`next:        ${new Date(next).toISOString()}`] : []),
    `parameters:  ${params.join(' ') || 'defaults'}`,
    `retries:     ${job.retries.count} (backoff ${job.retries.backoffSeconds} s, doubling)`,
    `timeout:     ${job.timeoutSeconds ? `${job.timeoutSeconds} s` : 'none'}`,
    `concurrency: ${job.concurrency}`,
    `notify:      ${job.notify ? `on ${job.notify.on}: ${[job.notify.webhook, job.notify.email].filter(Boolean).join(', ')}` : 'nobody'}`,
    `engine:      ${job.engine}${job.engine === 'mlnb' ? '' : ' (mlnb does not fire it; mlnb jobs export)'}`,
    `gates:       ${job.gates.join('; ') || 'none'}`,
    `created:     ${job.createdAt} by ${job.createdBy}`
  ].join('\n');
}

async function formatJobs(list: { job: JobRecord; last?: AttemptRecord }[]): Promise<string> {
  const { nextTimes } = await import('../jobs/cron');
  const none = 'No jobs yet: mlnb jobs create NOTEBOOK --name NAME --schedule "0 6 * * *"';
  const header = ['NAME', 'STATE', 'ENGINE', 'TRIGGER', 'NEXT (UTC)', 'LAST'];
  return formatList(list, none, header, ({ job, last }) => [
    job.name,
    job.enabled ? 'enabled' : 'paused',
    job.engine,
    triggerText(job),
    job.schedule && job.enabled && job.engine === 'mlnb'
      ? new Date(nextTimes(job.schedule, Date.now(), 1)[0]).toISOString().slice(0, 19).replace('T', ' ')
      : '',
    last ? `${last.status}${last.error ? ` (${last.error.slice(0, 60)})` : ''}` : ''
  ]);
}
