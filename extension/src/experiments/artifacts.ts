import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The service URL of a run's artifact (`path` as recorded: `<run id>/<file>`). */
export function artifactUrl(runId: string, artifactPath: string): string {
  const settings = ServerConnection.makeSettings();
  const relative = artifactPath.split('/').slice(1).map(encodeURIComponent).join('/');
  return URLExt.join(settings.baseUrl, 'mlnb', 'api', 'runs', runId, 'artifacts', relative);
}
