import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { Scheduler } from '../jobs/scheduler';
import { startScheduler } from '../jobs/service';
import { openStore } from '../store/engine/open';
import type { Store } from '../store/engine/store';
import { buildService } from './app';
import { ChangeFeed } from './change-feed';

export type Endpoint = { socket: string } | { port: number; host: string; token?: string };

export interface RunningService {
  app: FastifyInstance;
  store: Store;
  /** The job scheduler running inside the service. */
  scheduler: Scheduler;
  /** The address to print: a socket path or an http URL (with the token for standalone). */
  address: string;
  token?: string;
  close(): Promise<void>;
}

/**
 * Starts the service. On a unix socket (jupyter-server-proxy) requests are already
 * authenticated by Jupyter; on a TCP port a token is always required, generated when not given.
 * `root` is the Jupyter root: request paths (files, notebooks) are relative to it and confined
 * to it; the store is the nearest `.mlnb/` above it, or a new one created there. The job
 * scheduler runs inside.
 */
export async function startService(endpoint: Endpoint, root = process.cwd()): Promise<RunningService> {
  const store = await openStore({ cwd: root, createAt: root });
  const token = 'socket' in endpoint ? undefined : endpoint.token || randomBytes(24).toString('hex');
  const feed = new ChangeFeed(store);
  const scheduler = startScheduler(store, {
    onChange: id => feed.publish({ type: 'job-changed', id }),
    onPipelineChange: id => feed.publish({ type: 'pipeline-changed', id })
  });
  const airflowUrl = process.env.MLNB_AIRFLOW_URL || undefined;
  const app = buildService({ store, token, root, feed, scheduler, airflowUrl });
  let address: string;
  try {
    if ('socket' in endpoint) {
      removeStaleSocket(endpoint.socket);
      await app.listen({ path: endpoint.socket });
      fs.chmodSync(endpoint.socket, 0o600); // Only the Jupyter server's user may connect.
      address = endpoint.socket;
    } else {
      await app.listen({ port: endpoint.port, host: endpoint.host });
      const port = (app.server.address() as { port: number }).port;
      address = `http://${endpoint.host}:${port}/`;
    }
  } catch (err) {
    await scheduler.stop();
    await store.close();
    throw err;
  }
  return {
    app,
    store,
    scheduler,
    address,
    token,
    async close() {
      await scheduler.stop('the service stopped');
      await app.close();
      await store.close();
    }
  };
}

function removeStaleSocket(socketPath: string): void {
  try {
    if (fs.statSync(socketPath).isSocket()) {
      fs.unlinkSync(socketPath);
    }
  } catch {
    // Nothing there: the usual case.
  }
}
