import * as http from 'node:http';

export interface ServiceResponse {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any;
  raw: string;
}

/** One request to the service over its unix socket, as jupyter-server-proxy sends it. */
export function requestService(
  socketPath: string,
  method: string,
  url: string,
  body?: unknown
): Promise<ServiceResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, path: url, method, headers: body ? { 'content-type': 'application/json' } : {} },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            raw: text,
            body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text
          })
        );
      }
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

export interface EventListening {
  /** Every event received so far, parsed. */
  events: any[];
  /** The response's content type (the stream is `text/event-stream`). */
  contentType: string | undefined;
  /** Resolves once an event of `type` (or one that `type` accepts) has arrived. */
  seen: Promise<void>;
  stop(): void;
}

/** Listens to the service's server-sent events (`GET /api/events`) until stopped. */
export async function listenToEvents(
  socketPath: string,
  type: string | ((event: any) => boolean)
): Promise<EventListening> {
  const wanted = typeof type === 'string' ? (event: any) => event.type === type : type;
  const events: any[] = [];
  const req = http.get({ socketPath, path: '/api/events', headers: { accept: 'text/event-stream' } });
  const response = await new Promise<http.IncomingMessage>(resolve => req.on('response', resolve));
  const seen = new Promise<void>(resolve =>
    response.on('data', chunk => {
      for (const line of String(chunk)
        .split('\n')
        .filter(l => l.startsWith('data: '))) {
        events.push(JSON.parse(line.slice(6)));
      }
      if (events.some(wanted)) {
        resolve();
      }
    })
  );
  return { events, contentType: response.headers['content-type'], seen, stop: () => req.destroy() };
}
