import type { FastifyInstance, FastifyReply } from 'fastify';
import * as os from 'node:os';
import { diffVersions } from '../../catalog/versions';
import { resolveDataset } from '../../catalog/resolve';
import { ProfileError } from '../../profile/errors';
import { DatasetError, type AnnotationPatch, type DatasetSearch } from '../../store/datasets/types';
import type { Store } from '../../store/engine/store';
import type { ChangeFeed } from '../change-feed';
import { fileInRoot, PathError } from '../paths';

const NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';
const FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'arrow', 'parquet'];
const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: NAME } }
};
const tags = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 100 } };

const searchSchema = {
  querystring: {
    type: 'object',
    additionalProperties: true, // Jupyter's client may add its own parameters.
    properties: {
      q: { type: 'string', maxLength: 300 },
      format: { enum: FORMATS },
      tag: { type: 'string', maxLength: 100 },
      owner: { type: 'string', maxLength: 200 },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }
    }
  }
};

const registerSchema = {
  body: {
    type: 'object',
    required: ['path', 'name'],
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1, maxLength: 4000 },
      name: { type: 'string', pattern: NAME },
      description: { type: 'string', maxLength: 100_000 },
      tags
    }
  }
};

const annotateSchema = {
  params: nameParams,
  body: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      description: { type: 'string', maxLength: 100_000 },
      owner: { type: 'string', maxLength: 200 },
      tags,
      columnNotes: {
        type: 'object',
        maxProperties: 1000,
        additionalProperties: { type: 'string', maxLength: 10_000 }
      }
    }
  }
};

/** Catalog errors are the caller's input: unknown names 404, the rest 400. */
function sendError(reply: FastifyReply, error: unknown) {
  if (error instanceof PathError) {
    return reply.code(error.statusCode).send({ error: error.message });
  }
  if (error instanceof DatasetError || error instanceof ProfileError) {
    const unknown = /^No dataset|has no version/.test(error.message);
    return reply.code(unknown ? 404 : 400).send({ error: error.message });
  }
  throw error;
}

/** The dataset catalog: search, detail, annotations, version diffs, and registering a file. */
export function registerDatasetRoutes(
  app: FastifyInstance,
  store: Store,
  feed: ChangeFeed,
  root: string
): void {
  const user = os.userInfo().username;
  const changed = (name: string) => feed.publish({ type: 'dataset-changed', name });

  app.get<{ Querystring: DatasetSearch & { q?: string } }>(
    '/api/datasets',
    { schema: searchSchema },
    async request => {
      const { q, format, tag, owner, limit } = request.query;
      return { datasets: await store.datasets.search({ query: q, format, tag, owner, limit }) };
    }
  );

  app.post<{ Body: { path: string; name: string; description?: string; tags?: string[] } }>(
    '/api/datasets',
    { schema: registerSchema },
    async (request, reply) => {
      try {
        const file = fileInRoot(root, request.body.path);
        // The profiler's readers (apache-arrow, parquet) load on the first registration, not at start.
        const { registerFile } = await import('../../catalog/register');
        const { record, created } = await registerFile(store, file, {
          name: request.body.name,
          description: request.body.description,
          tags: request.body.tags,
          createdBy: user
        });
        changed(record.name);
        return reply.code(created ? 201 : 200).send(record);
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.get<{ Params: { name: string }; Querystring: { version?: number } }>(
    '/api/datasets/:name',
    {
      schema: {
        params: nameParams,
        querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } } }
      }
    },
    async (request, reply) => {
      const { name } = request.params;
      const { version } = request.query;
      try {
        return await resolveDataset(store, version === undefined ? name : `${name}@${version}`);
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.patch<{ Params: { name: string }; Body: AnnotationPatch }>(
    '/api/datasets/:name',
    { schema: annotateSchema },
    async (request, reply) => {
      try {
        const annotations = await store.datasets.annotate(request.params.name, request.body);
        changed(request.params.name);
        return annotations;
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.post<{ Params: { name: string }; Body: { text: string } }>(
    '/api/datasets/:name/notes',
    {
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 100_000 } }
        }
      }
    },
    async (request, reply) => {
      try {
        const annotations = await store.datasets.addNote(request.params.name, {
          author: user,
          text: request.body.text
        });
        changed(request.params.name);
        return reply.code(201).send(annotations);
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.get<{ Params: { name: string }; Querystring: { from: number; to?: number } }>(
    '/api/datasets/:name/diff',
    {
      schema: {
        params: nameParams,
        querystring: {
          type: 'object',
          required: ['from'],
          properties: { from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } }
        }
      }
    },
    async (request, reply) => {
      const { name } = request.params;
      const { from, to } = request.query;
      try {
        return await diffVersions(store, `${name}@${from}`, to === undefined ? undefined : String(to));
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );
}
