import type { FastifyInstance } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFilter, parseOrderBy } from '../../runs/filter';
import { StoreError, type Store } from '../../store/engine/store';
import type { ChangeFeed } from '../change-feed';
import { errorBody } from '../errors';
import { HEX_ID, pathParams } from './params';

const MAX_PAGE = 1000;

interface ListQuery {
  filter?: string;
  order_by?: string;
  limit?: number;
  page_token?: string;
  experiment?: string;
  q?: string;
}

const listSchema = {
  querystring: {
    type: 'object',
    // Proxies and Jupyter's client may add their own (a token, a cache buster): ignore those.
    additionalProperties: true,
    properties: {
      filter: { type: 'string', maxLength: 4000 },
      order_by: { type: 'string', maxLength: 300 },
      limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 50 },
      page_token: { type: 'string', maxLength: 500 },
      experiment: { type: 'string', maxLength: 4000 },
      q: { type: 'string', maxLength: 300 }
    }
  }
};

const idParams = pathParams({ id: HEX_ID });

const patchSchema = {
  params: idParams,
  body: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 300 },
      notes: { type: 'string', maxLength: 100_000 },
      tags: {
        type: 'object',
        maxProperties: 100,
        propertyNames: { pattern: '^[A-Za-z_][\\w.\\-/]*$', maxLength: 250 },
        additionalProperties: { type: 'string', maxLength: 5000 }
      }
    }
  }
};

/** Runs: search (MLflow's search_runs shape), one run, rename/tag/notes, delete, artifacts. */
export function registerRunRoutes(app: FastifyInstance, store: Store, feed: ChangeFeed): void {
  app.get<{ Querystring: ListQuery }>('/api/runs', { schema: listSchema }, async (request, reply) => {
    const query = request.query;
    try {
      const page = await store.runs.search({
        filter: parseFilter(query.filter ?? ''),
        order: parseOrderBy(query.order_by),
        limit: query.limit ?? 50,
        pageToken: query.page_token,
        experiment: query.experiment,
        text: query.q
      });
      return { runs: page.runs, next_page_token: page.nextPageToken };
    } catch (error) {
      // Here a StoreError is a page token the store cannot read: the caller's input.
      if (error instanceof StoreError) {
        return reply.code(400).send(errorBody(error));
      }
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const run = await store.runs.get(request.params.id);
      return run ?? reply.code(404).send({ error: `No run ${request.params.id}` });
    }
  );

  app.patch<{
    Params: { id: string };
    Body: { name?: string; notes?: string; tags?: Record<string, string> };
  }>('/api/runs/:id', { schema: patchSchema }, async (request, reply) => {
    const { id } = request.params;
    if (!(await store.runs.get(id))) {
      return reply.code(404).send({ error: `No run ${id}` });
    }
    const { name, notes, tags } = request.body;
    await store.runs.update(id, { name, notes });
    if (tags) {
      await store.runs.setTags(id, tags);
    }
    return store.runs.get(id);
  });

  // Waits for the re-run to finish (the new run shows live in the panel meanwhile).
  app.post<{ Params: { id: string } }>(
    '/api/runs/:id/rerun',
    { schema: { params: idParams } },
    async (request, reply) => {
      const run = await store.runs.get(request.params.id);
      if (!run) {
        return reply.code(404).send({ error: `No run ${request.params.id}` });
      }
      if (run.cells.every(cell => cell.status !== 'ok')) {
        return reply
          .code(400)
          .send({ error: 'This run has no cell that ran successfully: there is nothing to re-run.' });
      }
      const { rerun } = await import('../../runner/rerun');
      return reply.code(201).send(await rerun(store, run));
    }
  );

  app.delete<{ Params: { id: string } }>(
    '/api/runs/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await store.runs.delete(id))) {
        return reply.code(404).send({ error: `No run ${id}` });
      }
      // The id matched HEX_ID, so this folder is inside the artifact root.
      fs.rmSync(path.join(store.artifactRoot, id), { recursive: true, force: true });
      feed.publish({ type: 'run-deleted', id });
      return reply.code(204).send();
    }
  );

  app.get<{ Params: { id: string; '*': string } }>('/api/runs/:id/artifacts/*', async (request, reply) => {
    const { id } = request.params;
    const relative = request.params['*'];
    const run = new RegExp(HEX_ID).test(id) ? await store.runs.get(id) : undefined;
    const root = path.resolve(store.artifactRoot, id);
    const file = path.resolve(root, relative);
    // Only a file of a recorded artifact of this run, never anything outside its folder.
    const recorded = run?.artifacts.some(a => {
      const base = path.resolve(store.artifactRoot, a.path);
      return file === base || file.startsWith(base + path.sep);
    });
    if (
      !run ||
      !recorded ||
      !file.startsWith(root + path.sep) ||
      !fs.existsSync(file) ||
      !fs.statSync(file).isFile()
    ) {
      return reply.code(404).send({ error: `No artifact ${relative} in run ${id}` });
    }
    return reply
      .header('Content-Disposition', `attachment; filename="${path.basename(file).replace(/"/g, '')}"`)
      .type('application/octet-stream')
      .send(fs.createReadStream(file));
  });
}
