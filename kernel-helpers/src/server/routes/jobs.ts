import type { FastifyInstance, FastifyReply } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeSchedule, nextTimes } from '../../jobs/cron';
import type { DataTriggerInput } from '../../jobs/data-trigger';
import { checkEngineSchedule, createJob, deleteJob, notebookParameters, updateJob } from '../../jobs/define';
import { airflowDagUrl, dagId } from '../../jobs/engines/airflow';
import { ExportError } from '../../jobs/engines/definition';
import type { Scheduler } from '../../jobs/scheduler';
import type { AirflowHistory, Job } from '../../contracts';
import { AttemptRecord, JobRecord, JobSchedule } from '../../store/jobs/types';
import type { Store } from '../../store/engine/store';
import type { ChangeFeed } from '../change-feed';
import { errorBody, NotFoundError } from '../errors';
import { HEX_ID, pathParams } from './params';

/** A job as the service shows it: the record, its schedule in words, next fire times, last attempt. */
export type JobView = JobRecord &
  Required<Pick<Job, 'scheduleText' | 'nextRuns' | 'lastAttempt' | 'activeAttempts'>> &
  Pick<Job, 'airflowDagUrl'>;

/** POST /api/jobs/{id}/run: the attempt mlnb started, or the DAG run Airflow was asked for. */
export type RunNowAnswer =
  { attempt: AttemptRecord } | { airflow: { dagId: string; dagRunId: string; dagUrl: string } };

/**
 * GET /api/jobs/{id}/history: the attempts of mlnb's scheduler, newest first, and for a job on
 * Airflow each try of its DAG runs with Airflow's state and the tracked run it made.
 */
export interface JobHistoryAnswer {
  attempts: AttemptRecord[];
  airflow?: AirflowHistory;
}

const ENGINE_NAMES = { mlnb: 'mlnb', airflow: 'Airflow', kubernetes: 'Kubernetes', argo: 'Argo' } as const;

/** A job name as one shell word in a command shown to the user (names hold no quotes). */
const shellWord = (name: string) => (/^[\w.-]+$/.test(name) ? name : `'${name}'`);

const scheduleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cron', 'timezone'],
  properties: {
    cron: { type: 'string', minLength: 1, maxLength: 200 },
    timezone: { type: 'string', minLength: 1, maxLength: 100 }
  }
};

/** The settings a job has; POST adds notebook and name, PATCH takes any of them. */
const settings = {
  schedule: { anyOf: [scheduleSchema, { type: 'null' }] },
  onNewVersion: {
    anyOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['dataset'],
        properties: {
          dataset: { type: 'string', minLength: 1, maxLength: 200 },
          debounceSeconds: { type: 'number', minimum: 0 }
        }
      },
      { type: 'null' }
    ]
  },
  parameters: { type: 'object', maxProperties: 200 },
  retries: { type: 'integer', minimum: 0, maximum: 100 },
  backoffSeconds: { type: 'number', minimum: 0 },
  timeoutSeconds: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'null' }] },
  concurrency: { enum: ['forbid', 'allow', 'replace'] },
  engine: { enum: ['mlnb', 'airflow', 'kubernetes', 'argo'] },
  notify: {
    anyOf: [
      {
        type: 'object',
        required: ['on', 'webhook', 'email'],
        additionalProperties: false,
        properties: {
          on: { enum: ['failure', 'success', 'always'] },
          webhook: { type: ['string', 'null'], maxLength: 2000 },
          email: { type: ['string', 'null'], maxLength: 320 }
        }
      },
      { type: 'null' }
    ]
  },
  gates: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 500 } },
  enabled: { type: 'boolean' },
  startingDeadlineSeconds: { type: 'number', minimum: 0 }
};

const idParams = pathParams({ id: HEX_ID });

type Settings = {
  schedule?: JobSchedule | null;
  onNewVersion?: DataTriggerInput;
  parameters?: Record<string, unknown>;
  retries?: number;
  backoffSeconds?: number;
  timeoutSeconds?: number | null;
  concurrency?: JobRecord['concurrency'];
  engine?: JobRecord['engine'];
  notify?: JobRecord['notify'];
  gates?: string[];
  enabled?: boolean;
  startingDeadlineSeconds?: number;
};

/** A path from a request, inside `root` (also after following symlinks), or undefined. */
export function resolveInRoot(root: string, given: string): string | undefined {
  const inside = (base: string, target: string) => {
    const relative = path.relative(base, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  if (path.isAbsolute(given) || given.includes('\0')) {
    return undefined;
  }
  const resolved = path.resolve(root, given);
  if (!inside(root, resolved)) {
    return undefined;
  }
  try {
    return inside(fs.realpathSync(root), fs.realpathSync(resolved)) ? resolved : undefined;
  } catch {
    return resolved; // Not there: reading it reports that, and nothing outside is touched.
  }
}

/**
 * Jobs: list, create from a notebook under the service's root, show, change, delete, run now,
 * history; the schedule preview and the parameters a notebook declares (the Productionize dialog).
 */
export function registerJobRoutes(
  app: FastifyInstance,
  options: {
    store: Store;
    root: string;
    feed: ChangeFeed;
    scheduler?: Scheduler;
    /** Airflow's URL (MLNB_AIRFLOW_URL): Airflow jobs get a link to their DAG and run there. */
    airflowUrl?: string;
  }
): void {
  const { store, root, feed, airflowUrl } = options;
  const view = async (job: JobRecord): Promise<JobView> => ({
    ...job,
    scheduleText: job.schedule ? describeSchedule(job.schedule) : null,
    nextRuns: job.schedule && job.enabled ? nextTimes(job.schedule, Date.now(), 3).map(iso) : [],
    lastAttempt: (await store.jobs.history(job.id, 1))[0] ?? null,
    activeAttempts: (await store.jobs.active(job.id)).length,
    ...(job.engine === 'airflow' && airflowUrl ? { airflowDagUrl: airflowDagUrl(airflowUrl, job) } : {})
  });
  const changed = (id: string) => feed.publish({ type: 'job-changed', id });
  const findJob = async (id: string) => {
    const job = await store.jobs.get(id);
    if (!job || job.id !== id) {
      throw new NotFoundError(`No job ${id}`);
    }
    return job;
  };

  /** Triggers the job's DAG (the CLI's code path); where Airflow is unknown, says how to run it. */
  const runOnAirflow = async (job: JobRecord, reply: FastifyReply) => {
    if (!airflowUrl) {
      return reply.code(409).send({
        error:
          `"${job.name}" runs on Airflow, and this service does not know Airflow's URL: trigger the DAG ` +
          `${dagId(job)} in Airflow, or run mlnb jobs run ${shellWord(job.name)} --airflow-url URL ` +
          '(or start JupyterLab with MLNB_AIRFLOW_URL set).'
      });
    }
    const { triggerOnAirflow } = await import('../../jobs/engines/airflow-deploy');
    try {
      const started = await triggerOnAirflow(job, airflowUrl);
      const answer: RunNowAnswer = {
        airflow: { dagId: started.dagId, dagRunId: started.dagRunId, dagUrl: airflowDagUrl(airflowUrl, job) }
      };
      return reply.code(202).send(answer);
    } catch (error) {
      if (error instanceof ExportError) {
        return reply.code(502).send({ error: error.message }); // Airflow unreachable, refusing, or no DAG.
      }
      throw error;
    }
  };

  app.get('/api/jobs', async () => ({ jobs: await Promise.all((await store.jobs.list()).map(view)) }));

  app.post<{ Body: Settings & { notebook: string; name: string } }>(
    '/api/jobs',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['notebook', 'name'],
          properties: {
            notebook: { type: 'string', minLength: 1, maxLength: 4000 },
            name: { type: 'string', minLength: 1, maxLength: 100 },
            ...settings
          }
        }
      }
    },
    async (request, reply) => {
      const { notebook, parameters, retries, ...rest } = request.body;
      const file = resolveInRoot(root, notebook);
      if (!file) {
        return reply
          .code(400)
          .send({ error: `The notebook path "${notebook}" is outside the workspace.`, field: 'notebook' });
      }
      const job = await createJob(store, { ...rest, notebook: file, params: parameters ?? {}, retries });
      changed(job.id);
      return reply.code(201).send(await view(job));
    }
  );

  app.get<{ Params: { id: string } }>('/api/jobs/:id', { schema: { params: idParams } }, async request => {
    return view(await findJob(request.params.id));
  });

  app.patch<{ Params: { id: string }; Body: Settings }>(
    '/api/jobs/:id',
    {
      schema: {
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: settings }
      }
    },
    async request => {
      const job = await findJob(request.params.id);
      const { parameters, ...rest } = request.body;
      const updated = await updateJob(store, job, { ...rest, params: parameters });
      changed(job.id);
      return view(updated);
    }
  );

  app.delete<{ Params: { id: string } }>(
    '/api/jobs/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const job = await findJob(request.params.id);
      await deleteJob(store, job);
      feed.publish({ type: 'job-deleted', id: job.id });
      return reply.code(204).send();
    }
  );

  app.post<{ Params: { id: string } }>(
    '/api/jobs/:id/run',
    { schema: { params: idParams } },
    async (request, reply) => {
      const job = await findJob(request.params.id);
      if (job.engine === 'airflow') {
        return runOnAirflow(job, reply);
      }
      if (job.engine !== 'mlnb') {
        const command = `mlnb jobs export ${shellWord(job.name)} --to ${job.engine} -o DIR`;
        return reply.code(409).send({
          error:
            `"${job.name}" runs on ${ENGINE_NAMES[job.engine]}: the cluster starts it, not mlnb. ` +
            `Export its manifest with ${command}, then kubectl apply -f DIR.`
        });
      }
      if (!options.scheduler) {
        return reply.code(503).send({ error: 'The scheduler is not running in this service.' });
      }
      const { first } = await options.scheduler.runNow(job);
      return reply.code(202).send({ attempt: first } satisfies RunNowAnswer);
    }
  );

  app.get<{ Params: { id: string }; Querystring: { limit?: number } }>(
    '/api/jobs/:id/history',
    {
      schema: {
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: true,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }
        }
      }
    },
    async request => {
      const job = await findJob(request.params.id);
      const limit = request.query.limit ?? 100;
      const answer: JobHistoryAnswer = { attempts: await store.jobs.history(job.id, limit) };
      if (job.engine === 'airflow') {
        const { airflowHistory } = await import('../../jobs/engines/airflow-history');
        answer.airflow = await airflowHistory(store, job, { url: airflowUrl, limit });
      }
      return answer;
    }
  );

  // The parameters the job's snapshot declares: what an edit may set (PATCH checks against it).
  app.get<{ Params: { id: string } }>(
    '/api/jobs/:id/parameters',
    { schema: { params: idParams } },
    async request => {
      const job = await findJob(request.params.id);
      return {
        parameters: notebookParameters(path.join(store.artifactRoot, job.notebook.snapshot))
      };
    }
  );

  app.post<{ Body: JobSchedule & { count?: number; engine?: JobRecord['engine'] } }>(
    '/api/jobs/preview-schedule',
    {
      schema: {
        body: {
          ...scheduleSchema,
          properties: {
            ...scheduleSchema.properties,
            count: { type: 'integer', minimum: 1, maximum: 20 },
            engine: settings.engine
          }
        }
      }
    },
    async (request, reply) => {
      const { cron, timezone, count, engine } = request.body;
      try {
        checkEngineSchedule({ cron, timezone }, engine ?? 'mlnb');
      } catch (error) {
        // Whatever the cron parser refuses is the caller's schedule.
        return reply.code(400).send(errorBody(error as Error));
      }
      return {
        description: describeSchedule({ cron, timezone }),
        next: nextTimes({ cron, timezone }, Date.now(), count ?? 3).map(iso)
      };
    }
  );

  app.get<{ Querystring: { path: string } }>(
    '/api/notebook-parameters',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: true,
          required: ['path'],
          properties: { path: { type: 'string', minLength: 1, maxLength: 4000 } }
        }
      }
    },
    async (request, reply) => {
      const file = resolveInRoot(root, request.query.path);
      if (!file) {
        return reply
          .code(400)
          .send({ error: `The path "${request.query.path}" is outside the workspace.`, field: 'path' });
      }
      if (!fs.existsSync(file)) {
        return reply.code(404).send({ error: `No notebook ${request.query.path}` });
      }
      return { path: request.query.path, parameters: notebookParameters(file) };
    }
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
