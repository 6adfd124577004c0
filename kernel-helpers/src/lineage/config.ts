import * as path from 'node:path';

/** Where OpenLineage events go, from the environment (nothing set: no events, no cost). */
export interface LineageConfig {
  /** The receiver's base URL; events are POSTed to `<url>/api/v1/lineage` (Marquez's endpoint). */
  url: string | null;
  apiKey: string | null;
  /** A file that gets one JSON event per line. */
  file: string | null;
  /** The namespace of mlnb's jobs and catalog datasets. */
  namespace: string;
}

export function lineageConfig(env: NodeJS.ProcessEnv = process.env): LineageConfig | null {
  const url = env.MLNB_OPENLINEAGE_URL?.trim() || null;
  const file = env.MLNB_OPENLINEAGE_FILE?.trim() || null;
  if (!url && !file) {
    return null;
  }
  return {
    url,
    apiKey: env.MLNB_OPENLINEAGE_API_KEY?.trim() || null,
    file: file && path.resolve(file),
    namespace: env.MLNB_OPENLINEAGE_NAMESPACE?.trim() || 'mlnb'
  };
}

/** The endpoint events are POSTed to: the base URL's `/api/v1/lineage`, unless it names one. */
export function lineageEndpoint(url: string): string {
  const base = new URL(url);
  if (!base.pathname.endsWith('/api/v1/lineage')) {
    base.pathname = `${base.pathname.replace(/\/+$/, '')}/api/v1/lineage`;
  }
  return base.toString();
}
