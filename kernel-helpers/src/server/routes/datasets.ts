import type { FastifyInstance } from 'fastify';
import * as os from 'node:os';
import { diffVersions } from '../../catalog/versions';
import { resolveDataset } from '../../catalog/resolve';
import type { AnnotationPatch, DatasetSearch } from '../../store/datasets/types';
import type { Store } from '../../store/engine/store';
import type { ChangeFeed } from '../change-feed';
import { fileInRoot } from '../paths';
import { ENTITY_NAME, pathParams } from './params';

const FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'arrow', 'parquet'];
const nameParams = pathParams({ name: ENTITY_NAME });
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
      name: { type: 'string', pattern: ENTITY_NAME },
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
    async request => {
      const { name } = request.params;
      const { version } = request.query;
      return await resolveDataset(store, version === undefined ? name : `${name}@${version}`);
    }
  );

  app.patch<{ Params: { name: string }; Body: AnnotationPatch }>(
    '/api/datasets/:name',
    { schema: annotateSchema },
    async request => {
      const annotations = await store.datasets.annotate(request.params.name, request.body);
      changed(request.params.name);
      return annotations;
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
      const annotations = await store.datasets.addNote(request.params.name, {
        author: user,
        text: request.body.text
      });
      changed(request.params.name);
      return reply.code(201).send(annotations);
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
    async request => {
      const { name } = request.params;
      const { from, to } = request.query;
      return await diffVersions(store, `${name}@${from}`, to === undefined ? undefined : String(to));
    }
  );
}
