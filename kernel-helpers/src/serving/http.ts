import type { IncomingMessage, ServerResponse } from 'node:http';
import { InputError } from './input';

/** The largest request body read: more is refused with a 400 before it is parsed. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** The JSON body of a request: an InputError (field "body") when empty, too large or not JSON. */
export function readJson(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) {
        return; // drained, not kept
      }
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(
          new InputError('body', `the body is over ${limit / 1024 / 1024} MB: send fewer rows per request.`)
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (refused) {
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        reject(new InputError('body', 'the body is empty: send a JSON object.'));
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new InputError('body', `the body is not JSON: ${(error as Error).message}.`));
      }
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
