import type { FastifyInstance } from 'fastify';
import type { ChangeFeed } from '../change-feed';

/** Server-sent events: each change of a run as it happens (jupyter-server-proxy streams them). */
export function registerEventRoutes(app: FastifyInstance, feed: ChangeFeed): void {
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no'
    });
    out.write('retry: 2000\n\n');
    const unsubscribe = feed.subscribe(event => out.write(`data: ${JSON.stringify(event)}\n\n`));
    // A comment now and then keeps proxies from closing an idle stream.
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
}
