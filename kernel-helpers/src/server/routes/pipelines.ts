import type { FastifyInstance, FastifyReply } from 'fastify';
import { createPipeline, PipelineInputError } from '../../jobs/pipelines/define';
import { pipelineFromSpec } from '../../jobs/pipelines/file';
import { expireStoppedRuns } from '../../jobs/pipelines/lease';
import { resumePipelineRun, resumeProblem, startPipelineRun } from '../../jobs/pipelines/run';
import type { Scheduler } from '../../jobs/scheduler';
import type { Store } from '../../store/engine/store';
import type { PipelineRecord, PipelineView } from '../../store/pipelines/types';
import type { ChangeFeed } from '../change-feed';
import { HEX_ID, pathParams } from './params';
import { NotFoundError } from '../errors';
import { resolveInRoot } from './jobs';

/**
 * GET /api/pipelines (each with its latest run), POST /api/pipelines (define one),
 * POST /api/pipelines/{id}/run, and POST /api/pipelines/{id}/runs/{run}/resume. Runs started
 * here run in the service's scheduler and are told on the change feed as `pipeline-changed`.
 */
export function registerPipelineRoutes(
  app: FastifyInstance,
  options: { store: Store; root: string; feed: ChangeFeed; scheduler?: Scheduler }
): void {
  const { store, root, feed } = options;
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
  const find = async (id: string) => {
    const pipeline = await store.pipelines.get(id);
    if (!pipeline || pipeline.id !== id) {
      throw new NotFoundError(`No pipeline with the id ${id}.`, 'id');
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

  /**
   * A pipeline defined as in a *.pipeline.yaml (schemas/pipeline.schema.json $defs/file), its
   * notebooks relative to the service's root, a schedule's zone UTC unless given. Checked as the
   * file and the CLI are (a cycle, an unknown step, two producers, another kernel…): 400 (409:
   * the name is taken) with the reason and the field, and nothing stored.
   */
  app.post('/api/pipelines', async (request, reply) => {
    const input = pipelineFromSpec(request.body, 'The request', root, 'UTC');
    const raw = (request.body as { steps: { notebook: string }[] }).steps;
    const outside = raw.find(step => !resolveInRoot(root, step.notebook));
    if (outside) {
      throw new PipelineInputError(
        `The notebook path "${outside.notebook}" is outside the workspace.`,
        'steps'
      );
    }
    const pipeline = await createPipeline(store, input);
    changed(pipeline.id);
    return reply.code(201).send(await view(pipeline));
  });

  app.post<{ Params: { id: string } }>(
    '/api/pipelines/:id/run',
    { schema: { params: pathParams({ id: HEX_ID }) } },
    async (request, reply) => {
      const pipeline = await find(request.params.id);
      const running = runner(reply);
      if (!running) {
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
        params: pathParams({ id: HEX_ID, run: HEX_ID })
      }
    },
    async (request, reply) => {
      const pipeline = await find(request.params.id);
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
