import Fastify, { FastifyInstance } from 'fastify';
import type { Store } from '../store/engine/store';
import { MLNB_VERSION } from '../version';
import { ChangeFeed } from './change-feed';
import { answerErrors } from './errors';
import { registerDatasetRoutes } from './routes/datasets';
import type { Scheduler } from '../jobs/scheduler';
import { registerDoctorRoutes } from './routes/doctor';
import { registerEventRoutes } from './routes/events';
import { registerIncidentRoutes } from './routes/incidents';
import { registerJobRoutes } from './routes/jobs';
import { registerPipelineRoutes } from './routes/pipelines';
import { registerModelRoutes } from './routes/models';
import { registerRunRoutes } from './routes/runs';
import { hasToken, TOKEN_REQUIRED } from './token';

export interface ServiceOptions {
  store: Store;
  /**
   * Required on every request as `Authorization: token <token>` when set (standalone mode).
   * Unset behind jupyter-server-proxy on a unix socket: Jupyter has authenticated the request.
   */
  token?: string;
  /** The folder notebook paths in requests are relative to (and confined to); default: the cwd. */
  root?: string;
  /** The feed to publish on; the scheduler's changes go to it too. Default: a new one. */
  feed?: ChangeFeed;
  /** Runs `POST /api/jobs/{id}/run`; without it that route answers 503. */
  scheduler?: Scheduler;
  /** Airflow's URL (MLNB_AIRFLOW_URL): "Run now" of an Airflow job triggers its DAG there. */
  airflowUrl?: string;
}

/** The body of `GET /api/health` (schemas/health.schema.json). */
export interface HealthResponse {
  version: string;
  store: { engine: string; location: string; id: string; schemaVersion: number };
}

/** The mlnb REST service over a store. Routes are added here as the platform grows. */
export function buildService(options: ServiceOptions): FastifyInstance {
  // Unknown fields are refused, not silently dropped (Fastify's default removes them).
  const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });
  answerErrors(app);
  if (options.token) {
    const expected = Buffer.from(options.token);
    app.addHook('onRequest', (request, reply, done) => {
      if (hasToken(request.headers.authorization, expected)) {
        done();
        return;
      }
      reply.header('WWW-Authenticate', 'token').code(401).send({ error: TOKEN_REQUIRED });
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

  const feed = options.feed ?? new ChangeFeed(options.store);
  app.addHook('onClose', async () => feed.close());
  registerRunRoutes(app, options.store, feed);
  registerDatasetRoutes(app, options.store, feed, options.root ?? process.cwd());
  registerJobRoutes(app, {
    store: options.store,
    root: options.root ?? process.cwd(),
    feed,
    scheduler: options.scheduler,
    airflowUrl: options.airflowUrl
  });
  registerPipelineRoutes(app, {
    store: options.store,
    root: options.root ?? process.cwd(),
    feed,
    scheduler: options.scheduler
  });
  registerModelRoutes(app, options.store);
  registerIncidentRoutes(app, options.store, feed);
  registerDoctorRoutes(app, options.store, options.root ?? process.cwd());
  registerEventRoutes(app, feed);

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `No such endpoint: ${request.method} ${request.url}` });
  });
  return app;
}
