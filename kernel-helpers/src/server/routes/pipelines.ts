import type { FastifyInstance, FastifyReply } from 'fastify';
import { expireStoppedRuns } from '../../jobs/pipelines/lease';
import { resumePipelineRun, resumeProblem, startPipelineRun } from '../../jobs/pipelines/run';
import type { Scheduler } from '../../jobs/scheduler';
import type { Store } from '../../store/engine/store';
import type { PipelineRecord, PipelineView } from '../../store/pipelines/types';
import type { ChangeFeed } from '../change-feed';

const ID = { type: 'string', pattern: '^[0-9a-f]{32}$' };

/**
 * GET /api/pipelines (each with its latest run), POST /api/pipelines/{id}/run, and
 * POST /api/pipelines/{id}/runs/{run}/resume. Runs started here run in the service's scheduler
 * and are told on the change feed as `pipeline-changed`.
 */
export function registerPipelineRoutes(
  app: FastifyInstance,
  options: { store: Store; feed: ChangeFeed; scheduler?: Scheduler }
): void {
  const { store, feed } = options;
  const changed = (id: string) => feed.publish({ type: 'pipeline-changed', id });
  const view = async (pipeline: PipelineRecord): Promise<PipelineView> => ({
    pipeline,
    lastRun: (await store.pipelines.runs(pipeline.id, 1))[0] ?? null
  });
  /** Runs whose runner stopped are failed before anyone reads them (and views refresh). */
  const expire = async () => {
    for (const run of await expireStoppedRuns(store)) {
      changed(run.pipelineId);
    }
  };
  const find = async (id: string, reply: FastifyReply) => {
    const pipeline = await store.pipelines.get(id);
    if (!pipeline || pipeline.id !== id) {
      void reply.code(404).send({ error: `No pipeline with the id ${id}.`, field: 'id' });
      return undefined;
    }
    return pipeline;
  };
  const runner = (reply: FastifyReply) => {
    if (!options.scheduler) {
      void reply.code(503).send({ error: 'The scheduler is not running in this service.' });
      return undefined;
    }
    return { store, scheduler: options.scheduler, onChange: changed };
  };

  app.get('/api/pipelines', async () => {
    await expire();
    return { pipelines: await Promise.all((await store.pipelines.list()).map(view)) };
  });

  app.post<{ Params: { id: string } }>(
    '/api/pipelines/:id/run',
    { schema: { params: { type: 'object', required: ['id'], properties: { id: ID } } } },
    async (request, reply) => {
      const pipeline = await find(request.params.id, reply);
      const running = pipeline && runner(reply);
      if (!pipeline || !running) {
        return reply;
      }
      const started = (await startPipelineRun(running, pipeline, 'manual', Date.now()))!;
      void started.done.catch(() => undefined);
      return reply.code(202).send(started.run);
    }
  );

  app.post<{ Params: { id: string; run: string } }>(
    '/api/pipelines/:id/runs/:run/resume',
    {
      schema: {
        params: { type: 'object', required: ['id', 'run'], properties: { id: ID, run: ID } }
      }
    },
    async (request, reply) => {
      const pipeline = await find(request.params.id, reply);
      if (!pipeline) {
        return reply;
      }
      await expire();
      const run = await store.pipelines.getRun(request.params.run);
      if (!run || run.pipelineId !== pipeline.id) {
        return reply
          .code(404)
          .send({ error: `Pipeline ${pipeline.name} has no run ${request.params.run}.`, field: 'run' });
      }
      const problem = resumeProblem(run);
      if (problem) {
        return reply.code(409).send({ error: problem, field: 'run' });
      }
      const running = runner(reply);
      if (!running) {
        return reply;
      }
      const resumed = await resumePipelineRun(running, pipeline, run);
      void resumed.done.catch(() => undefined);
      return reply.code(202).send(resumed.run);
    }
  );
}
