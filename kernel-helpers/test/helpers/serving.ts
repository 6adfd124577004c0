import * as http from 'node:http';
import { sendRequest, type ServiceResponse } from './http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request to a model server: a string body is sent as it is, anything else as JSON. */
export function postJson(
  base: string,
  route: string,
  body: unknown,
  token: string,
  method = 'POST'
): Promise<ServiceResponse> {
  return sendRequest(
    {
      url: new URL(route, base),
      method,
      agent,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}) }
    },
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  );
}
