import type { FastifyInstance } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelServing } from '../../contracts';
import { modelFiles } from '../../models/export';
import { monitorModel } from '../../serving/monitor';
import { resolveModelVersion, verifiedModelDir } from '../../models/resolve';
import { MODEL_STAGES } from '../../store/models/types';
import type { Store } from '../../store/engine/store';
import { fileInRoot } from '../paths';
import { ENTITY_NAME, pathParams } from './params';

/** A model server not heard from for this long (three missed heartbeats) is not shown as serving. */
const SERVER_SILENCE_MS = 30_000;
/** A version number or a stage name. */
const VERSION = `^([0-9]+|${MODEL_STAGES.join('|')})$`;
const nameParams = pathParams({ name: ENTITY_NAME });
const versionParams = pathParams({ name: ENTITY_NAME, version: VERSION });

interface VersionParams {
  name: string;
  version: string;
}

/** The model registry: the list, one model with its versions and history, its serving and drift, a version's files. */
export function registerModelRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/models', async () => ({ models: await store.models.list() }));

  app.get<{ Params: { name: string } }>(
    '/api/models/:name',
    { schema: { params: nameParams } },
    async (request, reply) => {
      const model = await store.models.get(request.params.name);
      return model ?? reply.code(404).send({ error: `No model "${request.params.name}" in the registry.` });
    }
  );

  app.get<{ Params: { name: string } }>(
    '/api/models/:name/serving',
    { schema: { params: nameParams } },
    async (request): Promise<ModelServing> => {
      const { name } = request.params;
      const monitor = await monitorModel(store, name);
      return { servers: await store.models.servers(name, Date.now() - SERVER_SILENCE_MS), monitor };
    }
  );

  app.get<{ Params: VersionParams }>(
    '/api/models/:name/versions/:version',
    { schema: { params: versionParams } },
    async request => {
      const version = await resolveModelVersion(store, `${request.params.name}@${request.params.version}`);
      const dir = path.resolve(store.artifactRoot, version.artifact.path);
      return { ...version, files: fs.existsSync(dir) ? modelFiles(dir) : [] };
    }
  );

  // The files as tfjs reads them: tf.loadLayersModel('<base>/api/models/NAME/versions/production/files/model.json').
  app.get<{ Params: VersionParams & { '*': string } }>(
    '/api/models/:name/versions/:version/files/*',
    {
      schema: {
        params: { ...versionParams, properties: { ...versionParams.properties, '*': { type: 'string' } } }
      }
    },
    async (request, reply) => {
      const relative = request.params['*'];
      const version = await resolveModelVersion(store, `${request.params.name}@${request.params.version}`);
      const dir = await verifiedModelDir(store, version);
      const file = fileInRoot(dir, relative, `${version.name}@${version.version}`);
      const json = file.endsWith('.json');
      return reply
        .header('Content-Disposition', `attachment; filename="${path.basename(file).replace(/"/g, '')}"`)
        .type(json ? 'application/json' : 'application/octet-stream')
        .send(fs.createReadStream(file));
    }
  );
}
