import type { FastifyInstance, FastifyReply } from 'fastify';
import * as os from 'node:os';
import type { IncidentOpening, IncidentPatch } from '../../contracts';
import { resolveIncidentId, resolveTarget } from '../../incidents/target';
import type { Store } from '../../store/engine/store';
import { IncidentError } from '../../store/incidents/types';
import type { ChangeFeed } from '../change-feed';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{1,12}$' } }
};
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

/** An unknown incident or target is 404; resolving a resolved incident is 409. */
function sendError(reply: FastifyReply, error: unknown) {
  if (error instanceof IncidentError) {
    const code = /^No incident|names no|^No (dataset|run|model|job) /.test(error.message)
      ? 404
      : /resolved already/.test(error.message)
        ? 409
        : 400;
    return reply.code(code).send({ error: error.message });
  }
  throw error;
}

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
    async (request, reply) => {
      try {
        return await store.incidents.get(await resolveIncidentId(store, request.params.id));
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.post<{ Body: IncidentOpening }>(
    '/api/incidents',
    { schema: { body: openingSchema } },
    async (request, reply) => {
      try {
        const { target, title, note } = request.body;
        const incident = await store.incidents.open({
          title: title.trim(),
          target: await resolveTarget(store, target),
          by: user,
          note: note?.trim()
        });
        changed(incident.id);
        return reply.code(201).send(incident);
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );

  app.patch<{ Params: { id: string }; Body: IncidentPatch }>(
    '/api/incidents/:id',
    { schema: { params: idParams, body: patchSchema } },
    async (request, reply) => {
      try {
        const id = await resolveIncidentId(store, request.params.id);
        const { note, status } = request.body;
        const incident =
          status === 'resolved'
            ? await store.incidents.resolve(id, user, note?.trim())
            : await store.incidents.addNote(id, { by: user, text: note!.trim() });
        changed(id);
        return incident;
      } catch (error) {
        return sendError(reply, error);
      }
    }
  );
}
