import type { Gate } from '../jobs/gates';
import type { HeadlessRunResult } from '../runner/run';
import type { GateResult, JobNotify } from '../store/jobs/types';
import { withStore } from './with-store';

/**
 * What `mlnb run` does once the notebook ran: checks the gates (a failed gate fails the run and
 * the exit code) and sends the notifications. A notifier that fails is printed and kept as the
 * run's `mlnb.notify.error` tag; it never changes the run's outcome.
 */
export async function settleRun(
  result: HeadlessRunResult,
  options: { gates: Gate[]; notify: JobNotify | null; jobId: string | null }
): Promise<{ ok: boolean; failure: string | null }> {
  let { ok, failure } = result;
  const { runId } = result;
  if ((!ok || options.gates.length === 0) && !options.notify) {
    return { ok, failure };
  }
  return withStore(async store => {
    let gateResults: GateResult[] = [];
    if (ok && options.gates.length > 0) {
      const { gateRun } = await import('../jobs/attempt');
      ({ gateResults, failure } = await gateRun(store, runId, options.gates));
      ok = !failure;
    }
    if (options.notify) {
      const { sendNotifications } = await import('../runner/notify');
      const job = options.jobId ? await store.jobs.get(options.jobId) : undefined;
      const problems = await sendNotifications(options.notify, {
        job: job?.name ?? null,
        runId,
        ok,
        attempt: attemptNumber(process.env),
        gates: gateResults,
        error: failure,
        link: runId ? runLink(runId) : null
      });
      for (const problem of problems) {
        console.error(`mlnb run: warning: ${problem}`);
      }
      if (problems.length > 0 && runId) {
        await store.runs.setTags(runId, { 'mlnb.notify.error': problems.join('; ') });
      }
    }
    return { ok, failure };
  });
}

/**
 * The run's final OpenLineage event (COMPLETE, FAIL or ABORT), once it is settled: after the
 * gates, which may fail it. Only when lineage is configured; never fails the run.
 */
export async function emitLineageEnd(runId: string | null): Promise<void> {
  const { lineageConfig } = await import('../lineage/config');
  if (!runId || !lineageConfig()) {
    return;
  }
  const { emitRunEvent } = await import('../lineage/emit');
  await withStore(store => emitRunEvent(store, runId));
}

/** The attempt as the engine counts it: mlnb's scheduler, Airflow's try, Argo's retry + 1. */
function attemptNumber(env: NodeJS.ProcessEnv): number | null {
  const given = env.MLNB_ATTEMPT ?? env.AIRFLOW_CTX_TRY_NUMBER;
  if (given) {
    return Number(given) || null;
  }
  return env.MLNB_ARGO_RETRY ? Number(env.MLNB_ARGO_RETRY) + 1 || null : null;
}

function runLink(runId: string): string {
  const base = process.env.MLNB_RUN_URL;
  return base ? base.replace('{id}', runId) : `mlnb runs show ${runId}`;
}

/**
 * The run an engine's try already recorded (the same Airflow DAG run and try, Argo workflow and
 * retry, or Kubernetes pod), if any: an engine that starts the same try again gets that run back
 * instead of a second record.
 */
export async function recordedEngineRun(
  env: NodeJS.ProcessEnv,
  jobId: string | null
): Promise<{ id: string; status: string } | undefined> {
  const { engineTags } = await import('../runner/engine-context');
  const identity = Object.entries(engineTags(env, jobId)).filter(([key]) => key !== 'mlnb.engine');
  if (identity.length === 0) {
    return undefined;
  }
  const { parseFilter, parseOrderBy } = await import('../runs/filter');
  const filter = parseFilter(
    identity.map(([key, value]) => `tags.\`${key}\` = ${JSON.stringify(value)}`).join(' and ')
  );
  return withStore(async store => {
    const page = await store.runs.search({ filter, order: parseOrderBy('start_time asc'), limit: 1 });
    return page.runs[0] && { id: page.runs[0].id, status: page.runs[0].status };
  });
}
