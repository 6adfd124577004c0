import * as http from 'node:http';

/** A real local webhook receiver: what was POSTed to it, by path. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT` (append any path). */
  url: string;
  received: { path: string; body: any }[];
  close(): Promise<void>;
}

/** Starts a receiver on a free port; it answers 200, or 500 on `/broken` (a failing webhook). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', chunk => (text += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text) });
      response.writeHead(request.url === '/broken' ? 500 : 200).end('ok');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise(resolve => server.close(() => resolve()))
  };
}
