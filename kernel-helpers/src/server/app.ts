import Fastify, { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store';
import { MLNB_VERSION } from '../version';

export interface ServiceOptions {
  store: Store;
  /**
   * Required on every request as `Authorization: token <token>` when set (standalone mode).
   * Unset behind jupyter-server-proxy on a unix socket: Jupyter has authenticated the request.
   */
  token?: string;
}

/** The body of `GET /api/health` (schemas/health.schema.json). */
export interface HealthResponse {
  version: string;
  store: { engine: string; location: string; id: string; schemaVersion: number };
}

/** The mlnb REST service over a store. Routes are added here as the platform grows. */
export function buildService(options: ServiceOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  if (options.token) {
    const expected = Buffer.from(options.token);
    app.addHook('onRequest', (request, reply, done) => {
      if (hasToken(request.headers.authorization, expected)) {
        done();
        return;
      }
      reply
        .header('WWW-Authenticate', 'token')
        .code(401)
        .send({ error: 'A valid token is required: send "Authorization: token <token>".' });
    });
  }

  app.get('/api/health', async (): Promise<HealthResponse> => {
    const info = await options.store.info();
    return {
      version: MLNB_VERSION,
      store: {
        engine: info.engine,
        location: info.location,
        id: info.id,
        schemaVersion: info.schemaVersion
      }
    };
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `No such endpoint: ${request.method} ${request.url}` });
  });
  return app;
}

function hasToken(header: string | undefined, expected: Buffer): boolean {
  const match = /^token\s+(\S+)$/i.exec(header ?? '');
  if (!match) {
    return false;
  }
  const given = Buffer.from(match[1]);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
