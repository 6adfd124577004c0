import type { Command } from 'commander';
import { UsageFailure } from './failure';
import { withStore } from './with-store';

/** `mlnb jobs export NAME --to airflow|kubernetes|argo`. */
export function addJobsExportCommand(jobs: Command): void {
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
        const { EXPORT_TARGETS, ExportError } = await import('../jobs/engines/definition');
        const { driftOf, exportFiles, writeFiles } = await import('../jobs/engines/export');
        const target = EXPORT_TARGETS.find(t => t === opts.to);
        if (!target) {
          throw new UsageFailure(`--to must be one of ${EXPORT_TARGETS.join(', ')}; got "${opts.to}".`, 2);
        }
        const files = await withStore(async store => {
          const job = await store.jobs.get(given);
          if (!job) {
            throw new UsageFailure(`no job named or with the id "${given}" in ${store.location.display}.`, 2);
          }
          try {
            return await exportFiles(store, job, { ...opts, target });
          } catch (error) {
            throw error instanceof ExportError ? new UsageFailure(error.message, 2) : error;
          }
        });
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
