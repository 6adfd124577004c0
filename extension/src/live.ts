import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';

/**
 * Listens to the service's event stream (server-sent events through jupyter-server-proxy).
 * EventSource reconnects by itself after a drop; the token, when Jupyter uses one, goes in the
 * query string because EventSource cannot send headers.
 */
export function subscribeToChanges<T>(
  listener: (event: T) => void,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): IDisposable {
  let url = URLExt.join(settings.baseUrl, 'mlnb', 'api', 'events');
  if (settings.token) {
    url += `?token=${encodeURIComponent(settings.token)}`;
  }
  const source = new EventSource(url, { withCredentials: true });
  source.onmessage = message => {
    try {
      listener(JSON.parse(message.data) as T);
    } catch {
      // Not an event of ours: ignore.
    }
  };
  let disposed = false;
  return {
    get isDisposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      source.close();
    }
  };
}
