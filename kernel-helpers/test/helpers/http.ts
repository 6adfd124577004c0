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
