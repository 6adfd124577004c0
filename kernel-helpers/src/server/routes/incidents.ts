import type { FastifyInstance } from 'fastify';
import * as os from 'node:os';
import type { IncidentOpening, IncidentPatch } from '../../contracts';
import { resolveIncidentId, resolveTarget } from '../../incidents/target';
import type { Store } from '../../store/engine/store';
import type { ChangeFeed } from '../change-feed';
import { pathParams } from './params';

const idParams = pathParams({ id: '^[0-9a-f]{1,12}$' });
// The bodies of schemas/api.schema.json ($defs incidentOpening, incidentPatch), with blank text refused.
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' });
const openingSchema = {
  type: 'object',
  required: ['target', 'title'],
  additionalProperties: false,
  properties: { target: text(300), title: text(500), note: text(100_000) }
};
const patchSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { note: text(100_000), status: { const: 'resolved' } }
};

/** Incidents: the list (with what each affects), one incident, opening, noting and resolving. */
export function registerIncidentRoutes(app: FastifyInstance, store: Store, feed: ChangeFeed): void {
  const user = os.userInfo().username;
  const changed = (id: string) => feed.publish({ type: 'incident-changed', id });

  app.get<{ Querystring: { status?: 'open' | 'resolved' } }>(
    '/api/incidents',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: true, // Jupyter's client may add its own parameters.
          properties: { status: { enum: ['open', 'resolved'] } }
        }
      }
    },
    async request => ({ incidents: await store.incidents.list(request.query.status) })
  );

  app.get<{ Params: { id: string } }>(
    '/api/incidents/:id',
    { schema: { params: idParams } },
    async request => {
      return await store.incidents.get(await resolveIncidentId(store, request.params.id));
    }
  );

  app.post<{ Body: IncidentOpening }>(
    '/api/incidents',
    { schema: { body: openingSchema } },
    async (request, reply) => {
      const { target, title, note } = request.body;
      const incident = await store.incidents.open({
        title: title.trim(),
        target: await resolveTarget(store, target),
        by: user,
        note: note?.trim()
      });
      changed(incident.id);
      return reply.code(201).send(incident);
    }
  );

  app.patch<{ Params: { id: string }; Body: IncidentPatch }>(
    '/api/incidents/:id',
    { schema: { params: idParams, body: patchSchema } },
    async request => {
      const id = await resolveIncidentId(store, request.params.id);
      const { note, status } = request.body;
      const incident =
        status === 'resolved'
          ? await store.incidents.resolve(id, user, note?.trim())
          : await store.incidents.addNote(id, { by: user, text: note!.trim() });
      changed(id);
      return incident;
    }
  );
}
