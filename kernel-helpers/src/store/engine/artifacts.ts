import * as os from 'node:os';
import * as path from 'node:path';
import { findWorkspaceDir, LocateOptions, STORE_DIR_NAME } from './locate';
import type { StoreLocation } from './locate';

/**
 * Where artifact files live: `MLNB_ARTIFACTS` when set (for a team: a folder every machine
 * mounts); else `artifacts/` beside a SQLite store file. A PostgreSQL store has no folder of its
 * own: its artifacts go to `.mlnb/artifacts` of the workspace (found as a SQLite store would
 * be, or the folder a service creates it in), else `~/.mlnb/artifacts`.
 */
export function artifactRootFor(location: StoreLocation, options: LocateOptions = {}): string {
  const configured = (options.env ?? process.env).MLNB_ARTIFACTS?.trim();
  if (configured) {
    return path.resolve(configured);
  }
  if (location.engine === 'sqlite') {
    return path.join(path.dirname(location.target), 'artifacts');
  }
  const workspace =
    findWorkspaceDir(options.cwd ?? process.cwd()) ?? options.createAt ?? options.home ?? os.homedir();
  return path.join(path.resolve(workspace), STORE_DIR_NAME, 'artifacts');
}
