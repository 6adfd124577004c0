import type { Command } from 'commander';
import type { AirflowHistory } from '../jobs/engines/airflow-history';
import type { AttemptRecord } from '../store/jobs/types';
import { findJob } from './find-job';
import { positiveInteger } from './options';
import { formatTable } from './table';
import { withStore } from './with-store';

/** One attempt of mlnb's scheduler on one line (also `mlnb jobs show`). */
export function formatAttempt(a: AttemptRecord): string {
  const took = a.durationMs === null ? '' : ` ${(a.durationMs / 1000).toFixed(1)}s`;
  const run = a.runId ? ` run ${a.runId.slice(0, 8)}` : '';
  const trigger = a.datasetVersion ? `${a.trigger} ${a.datasetVersion}` : a.trigger;
  return `${a.slot.slice(0, 19).replace('T', ' ')} ${trigger} #${a.attempt} ${a.status}${took}${run}${a.error ? `  ${a.error}` : ''}`;
}

function formatAirflowHistory(airflow: AirflowHistory): string {
  const lines = [`Airflow DAG ${airflow.dagId}:`];
  if (!airflow.reached) {
    lines.push(`Airflow's state is unknown: ${airflow.problem}; the tries below are what mlnb recorded.`);
  }
  if (airflow.tries.length === 0) {
    return [...lines, 'no DAG runs yet'].join('\n');
  }
  const rows = airflow.tries.map(t => [
    t.dagRunId,
    t.tryNumber === null ? '—' : String(t.tryNumber),
    t.state ?? 'unknown',
    t.startTime ? t.startTime.slice(0, 19).replace('T', ' ') : '',
    t.runId ?? 'none yet',
    t.runStatus ?? ''
  ]);
  const header = ['DAG RUN', 'TRY', 'AIRFLOW STATE', 'STARTED (UTC)', 'TRACKED RUN', 'RUN STATUS'];
  return [...lines, formatTable(header, rows)].join('\n');
}

/** `mlnb jobs history NAME [--airflow-url URL] [--limit N] [--json]`. */
export function addJobsHistoryCommand(jobs: Command): void {
  jobs
    .command('history')
    .description(
      "a job's attempts, newest first; for a job on Airflow each try of its DAG runs with Airflow's state and the tracked run"
    )
    .argument('<job>', 'the job name or id')
    .option(
      '--airflow-url <url>',
      "for a job on Airflow: ask Airflow's state there (or MLNB_AIRFLOW_URL); unknown without it"
    )
    .option('--limit <n>', 'at most this many entries of each (default 20)', positiveInteger)
    .option('--json', 'print JSON: {attempts, airflow} as GET /api/jobs/{id}/history gives it')
    .action(async (given: string, opts: { airflowUrl?: string; limit?: number; json?: boolean }) => {
      const limit = opts.limit ?? 20;
      const { attempts, airflow } = await withStore(async store => {
        const job = await findJob(store, given);
        const { airflowHistory } = await import('../jobs/engines/airflow-history');
        return {
          attempts: await store.jobs.history(job.id, limit),
          airflow:
            job.engine === 'airflow'
              ? await airflowHistory(store, job, {
                  url: opts.airflowUrl ?? process.env.MLNB_AIRFLOW_URL,
                  limit
                })
              : undefined
        };
      });
      if (opts.json) {
        console.log(JSON.stringify({ attempts, ...(airflow ? { airflow } : {}) }, null, 2));
        return;
      }
      const parts = [];
      if (airflow) {
        parts.push(formatAirflowHistory(airflow));
      }
      if (attempts.length > 0 || !airflow) {
        parts.push(
          `mlnb's scheduler:${attempts.length ? `\n  ${attempts.map(formatAttempt).join('\n  ')}` : ' none yet'}`
        );
      }
      console.log(parts.join('\n\n'));
    });
}
