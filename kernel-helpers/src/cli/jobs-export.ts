import type { Command } from 'commander';
import { UsageFailure, usageErrors } from './failure';
import { findJob } from './find-job';
import { withStore } from './with-store';

/** Export and deploy problems (ExportError) become one clear line and exit code 2. */
export const asExportUsage = usageErrors(async () => {
  const { ExportError } = await import('../jobs/engines/definition');
  return error => error instanceof ExportError;
});

/** `mlnb jobs deploy NAME --to airflow --dags-folder DIR [--airflow-url URL]`. */
function addJobsDeployCommand(jobs: Command): void {
  jobs
    .command('deploy')
    .description(
      "write the job's DAG into Airflow's DAGs folder; with --airflow-url wait until parsed, un-pause"
    )
    .argument('<job>', 'the job name or id')
    .requiredOption('--to <engine>', 'airflow (Kubernetes and Argo: mlnb jobs export, then kubectl apply)')
    .requiredOption('--dags-folder <dir>', "Airflow's DAGs folder")
    .option('--airflow-url <url>', "Airflow's API server (or MLNB_AIRFLOW_URL); token: MLNB_AIRFLOW_TOKEN")
    .option('--wait <seconds>', 'how long to wait for Airflow to parse the DAG', '120')
    .action(
      async (given: string, opts: { to: string; dagsFolder: string; airflowUrl?: string; wait: string }) => {
        if (opts.to !== 'airflow') {
          throw new UsageFailure(
            `--to ${opts.to}: deploy knows airflow; for kubernetes and argo, mlnb jobs export then kubectl apply.`,
            2
          );
        }
        const wait = Number(opts.wait);
        if (!Number.isFinite(wait) || wait <= 0) {
          throw new UsageFailure(`--wait must be a positive number of seconds; got ${opts.wait}.`, 2);
        }
        const { deployToAirflow } = await import('../jobs/engines/airflow-deploy');
        await withStore(async store => {
          const job = await findJob(store, given);
          const url = opts.airflowUrl ?? process.env.MLNB_AIRFLOW_URL;
          await asExportUsage(() =>
            deployToAirflow(store, job, {
              dagsFolder: opts.dagsFolder,
              url,
              waitSeconds: wait,
              log: console.log
            })
          );
        });
      }
    );
}

/** `mlnb jobs export NAME --to airflow|kubernetes|argo` and `mlnb jobs deploy`. */
export function addJobsExportCommand(jobs: Command): void {
  addJobsDeployCommand(jobs);
  jobs
    .command('export')
    .description('write the files that run the job on Airflow (a DAG), Kubernetes (a CronJob) or Argo')
    .argument('<job>', 'the job name or id')
    .requiredOption('--to <engine>', 'airflow, kubernetes or argo')
    .option('-o, --output <dir>', 'the folder to write to (for Airflow: the DAGs folder)', '.')
    .option('--image <image>', 'the runner image of the manifests (default mlnb-runner:latest)')
    .option('--store-secret <name>', 'the Secret whose key "store" holds MLNB_STORE (default mlnb-store)')
    .option(
      '--artifacts-claim <name>',
      'the PersistentVolumeClaim of MLNB_ARTIFACTS (default mlnb-artifacts)'
    )
    .option('--artifacts-path <path>', 'where that volume is mounted (default /mlnb/artifacts)')
    .option('--check', 'write nothing; exit 1 when the files there differ from the job')
    .action(
      async (
        given: string,
        opts: {
          to: string;
          output: string;
          image?: string;
          storeSecret?: string;
          artifactsClaim?: string;
          artifactsPath?: string;
          check?: boolean;
        }
      ) => {
        const { EXPORT_TARGETS } = await import('../jobs/engines/definition');
        const { driftOf, exportFiles, exportNotes, writeFiles } = await import('../jobs/engines/export');
        const target = EXPORT_TARGETS.find(t => t === opts.to);
        if (!target) {
          throw new UsageFailure(`--to must be one of ${EXPORT_TARGETS.join(', ')}; got "${opts.to}".`, 2);
        }
        const { files, notes } = await withStore(async store => {
          const job = await findJob(store, given);
          const files = await asExportUsage(() => exportFiles(store, job, { ...opts, target }));
          return { files, notes: exportNotes(job, target) };
        });
        notes.forEach(note => console.error(`mlnb jobs export: not as in mlnb: ${note}`));
        if (opts.check) {
          const drift = driftOf(opts.output, files);
          console.log(
            drift.length ? drift.join('\n') : `in step with the job: ${files.map(f => f.name).join(', ')}`
          );
          process.exitCode = drift.length ? 1 : 0;
          return;
        }
        for (const written of writeFiles(opts.output, files)) {
          console.log(written);
        }
      }
    );
}

/**
 * "Run now" of a job on Airflow: a DAG run with the parameters as conf, followed to its end;
 * prints the tracked runs its tries made. Exit 0 when the DAG run succeeded.
 */
export async function runJobOnAirflow(given: string, url: string, json: boolean): Promise<void> {
  const { runOnAirflow } = await import('../jobs/engines/airflow-deploy');
  const outcome = await withStore(async store => {
    const job = await findJob(store, given);
    return asExportUsage(() => runOnAirflow(store, job, { url, log: line => console.error(line) }));
  });
  if (json) {
    console.log(JSON.stringify(outcome, null, 2));
  } else {
    console.log(outcome.runIds.join('\n'));
  }
  if (outcome.state !== 'success') {
    console.error(`mlnb jobs run: Airflow DAG run ${outcome.dagRunId} ended ${outcome.state}`);
    process.exitCode = 1;
  }
}
