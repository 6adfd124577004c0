import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { parseJsonOr } from '../json';
import type { ChangeEvent } from './contracts';

type Listener = (event: ChangeEvent) => void;

/**
 * One event stream per page, shared by every view that listens (lists, details, panels). Each
 * EventSource holds a connection open for good, and a browser allows six per host over HTTP/1.1
 * (which Jupyter serves): a stream per view would leave JupyterLab's own requests waiting.
 */
const streams = new Map<string, { source: EventSource; listeners: Set<Listener> }>();

/**
 * Listens to the service's event stream, GET /api/events (server-sent events through
 * jupyter-server-proxy). EventSource reconnects by itself after a drop; the token, when Jupyter
 * uses one, goes in the query string because EventSource cannot send headers. The stream closes
 * with its last listener.
 */
export function subscribeToChanges(
  listener: Listener,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): IDisposable {
  let url = URLExt.join(settings.baseUrl, 'mlnb', 'api', 'events');
  if (settings.token) {
    url += `?token=${encodeURIComponent(settings.token)}`;
  }
  let stream = streams.get(url);
  if (!stream) {
    const listeners = new Set<Listener>();
    const source = new EventSource(url, { withCredentials: true });
    source.onmessage = message => {
      const event = parseJsonOr(message.data, undefined) as ChangeEvent | undefined;
      if (event === undefined) {
        return; // Not an event of ours: ignore.
      }
      // A copy: a listener may unsubscribe (or subscribe another) while being told.
      for (const each of [...listeners]) {
        try {
          each(event);
        } catch (error) {
          console.error('mlnb: a live view failed to take an event', error);
        }
      }
    };
    stream = { source, listeners };
    streams.set(url, stream);
  }
  const shared = stream;
  const own: Listener = event => listener(event);
  shared.listeners.add(own);
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      if (disposed) {
        return;
      }
      disposed = true;
      shared.listeners.delete(own);
      if (shared.listeners.size === 0) {
        shared.source.close();
        streams.delete(url);
      }
    }
  };
}
