import * as os from 'node:os';
import * as path from 'node:path';
import { findWorkspaceDir, STORE_DIR_NAME } from './locate';
import type { StoreLocation } from './locate';

/**
 * Where artifact files live: `MLNB_ARTIFACTS` when set (for a team: a folder every machine
 * mounts); else `artifacts/` beside a SQLite store file; a PostgreSQL store has no folder of its
 * own, so the workspace's `.mlnb/artifacts` (found as the store would be), else `~/.mlnb/artifacts`.
 */
export function artifactRootFor(location: StoreLocation, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.MLNB_ARTIFACTS?.trim();
  if (configured) {
    return path.resolve(configured);
  }
  if (location.engine === 'sqlite') {
    return path.join(path.dirname(location.target), 'artifacts');
  }
  const workspace = findWorkspaceDir(process.cwd()) ?? os.homedir();
  return path.join(workspace, STORE_DIR_NAME, 'artifacts');
}
