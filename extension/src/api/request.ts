import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { parseJsonOr } from '../json';

/** The mlnb service could not be reached or refused a request; `message` says why, for people. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The service's JSON error body, when it sent one (e.g. a filter error's column). */
    readonly body?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** What the service said, for people (its own words, without the HTTP status prefix). */
export function problemOf(error: unknown): { message: string; field?: string; status?: number } {
  if (error instanceof ServiceError) {
    const said = error.body?.error;
    return {
      message: typeof said === 'string' ? said : error.message,
      field: typeof error.body?.field === 'string' ? error.body.field : undefined,
      status: error.status
    };
  }
  return { message: (error as Error).message };
}

/** The full URL of a service path (for links and downloads the browser follows itself). */
export function serviceUrl(
  endpoint: string,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): string {
  return URLExt.join(settings.baseUrl, 'mlnb', endpoint);
}

/** A file the service serves (an artifact): its raw response, refused with a ServiceError. */
export async function requestFile(
  endpoint: string,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<Response> {
  const response = await ServerConnection.makeRequest(serviceUrl(endpoint, settings), {}, settings).catch(
    error => {
      throw new ServiceError(`The mlnb service cannot be reached: ${(error as Error).message}`);
    }
  );
  if (!response.ok) {
    throw new ServiceError(`HTTP ${response.status}`, response.status);
  }
  return response;
}

/**
 * Calls the mlnb service at `<base_url>mlnb/<endpoint>`. The request goes through Jupyter's
 * own authentication (token and XSRF headers from ServerConnection) and jupyter-server-proxy.
 */
export async function requestService<T>(
  endpoint: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = serviceUrl(endpoint, settings);
  // ServerConnection sets a JSON content type only on token- or XSRF-authenticated connections,
  // and then on bodiless requests too, which the service refuses ("Body cannot be empty when
  // content-type is set to 'application/json'"). A body is no way out: jupyter-server-proxy
  // refuses one on DELETE. So a POST or DELETE without a body says it is empty text.
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (init.body === undefined && method !== 'GET' && method !== 'HEAD' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'text/plain');
  }
  if (typeof init.body === 'string' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, { ...init, headers }, settings);
  } catch (error) {
    throw new ServiceError(`The mlnb service cannot be reached: ${(error as Error).message}`);
  }
  const text = await response.text();
  const body = parseJsonOr(text, undefined);
  if (!response.ok) {
    const detail =
      body && typeof body === 'object' && 'error' in body
        ? String(body.error)
        : Private.hint(response.status);
    const message =
      response.status === 400 ? detail : `The mlnb service answered ${response.status}: ${detail}`;
    throw new ServiceError(
      message,
      response.status,
      body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined
    );
  }
  if (response.status === 204) {
    return undefined as T;
  }
  if (body === undefined) {
    throw new ServiceError('The mlnb service answered with something that is not JSON.');
  }
  return body as T;
}

namespace Private {
  export function hint(status: number): string {
    if (status === 404) {
      return 'not found. Is jupyter-server-proxy installed in the Jupyter environment?';
    }
    if (status >= 500) {
      return 'it did not start. Is the mlnb command on the PATH of the Jupyter server? See its log.';
    }
    return 'unexpected response.';
  }
}
