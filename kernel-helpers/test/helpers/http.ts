import * as http from 'node:http';

export interface ServiceResponse {
  status: number;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any;
  raw: string;
}

/** Asserts an error answer: `status`, and a JSON body whose `error` says why (`message` in it, when given). */
export function expectErrorAnswer(
  response: { status: number; body: any },
  status: number,
  message: string | RegExp = /\S/
): void {
  expect(response.status).toBe(status);
  expect(response.body.error).toMatch(message);
}

/** One request to the service over its unix socket, as jupyter-server-proxy sends it. */
export function requestService(
  socketPath: string,
  method: string,
  url: string,
  body?: unknown
): Promise<ServiceResponse> {
  return sendRequest(
    { socketPath, path: url, method, headers: body ? { 'content-type': 'application/json' } : {} },
    body ? JSON.stringify(body) : undefined
  );
}

/** One HTTP request; the answer parsed as JSON when it says it is JSON. */
export function sendRequest(
  options: http.RequestOptions & { url?: URL },
  text?: string
): Promise<ServiceResponse> {
  return new Promise((resolve, reject) => {
    const respond = (res: http.IncomingMessage) => {
      let raw = '';
      res.on('data', chunk => (raw += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          raw,
          body: raw && res.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw
        })
      );
    };
    const req = options.url ? http.request(options.url, options, respond) : http.request(options, respond);
    req.on('error', reject);
    req.end(text);
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
