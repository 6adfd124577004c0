import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The folder name that marks a workspace with its own store, as `.git` marks a repository. */
export const STORE_DIR_NAME = '.mlnb';
export const STORE_FILE_NAME = 'store.db';

export type StoreEngine = 'sqlite' | 'postgres';

/** Where a store lives and why it was chosen there. */
export interface StoreLocation {
  engine: StoreEngine;
  /** A SQLite file path or a PostgreSQL URL (with any password masked in `display`). */
  target: string;
  /** The same, safe to print or show in the UI. */
  display: string;
  /** How the location was found, for people wondering which store they are on. */
  reason: 'MLNB_STORE' | 'workspace' | 'created' | 'home';
}

export interface LocateOptions {
  /** The folder to start the upward search from (the notebook's folder for a kernel). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** When no ancestor has `.mlnb/`, create one here instead of falling back to `~/.mlnb`. */
  createAt?: string;
}

/**
 * Finds the store as DESIGN.md says: `MLNB_STORE` when set; else `.mlnb/store.db` in the nearest
 * ancestor that has `.mlnb/`; else (when `createAt` is given) a new `.mlnb/` there; else `~/.mlnb`.
 */
export function locateStore(options: LocateOptions = {}): StoreLocation {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const fromEnv = env.MLNB_STORE?.trim();
  if (fromEnv) {
    if (/^postgres(ql)?:\/\//i.test(fromEnv)) {
      // The database is the store; the workspace folder still roots artifacts and experiment names.
      if (options.createAt && !findWorkspaceDir(cwd)) {
        fs.mkdirSync(path.join(path.resolve(options.createAt), STORE_DIR_NAME), { recursive: true });
      }
      return { engine: 'postgres', target: fromEnv, display: maskPassword(fromEnv), reason: 'MLNB_STORE' };
    }
    const file = path.resolve(cwd, fromEnv);
    return { engine: 'sqlite', target: file, display: file, reason: 'MLNB_STORE' };
  }
  const workspace = findWorkspaceDir(cwd);
  if (workspace) {
    return sqliteAt(path.join(workspace, STORE_DIR_NAME), 'workspace');
  }
  if (options.createAt) {
    const dir = path.join(path.resolve(options.createAt), STORE_DIR_NAME);
    fs.mkdirSync(dir, { recursive: true });
    return sqliteAt(dir, 'created');
  }
  return sqliteAt(path.join(options.home ?? os.homedir(), STORE_DIR_NAME), 'home');
}

/** The nearest folder at or above `start` that contains a `.mlnb/` folder. */
export function findWorkspaceDir(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, STORE_DIR_NAME))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

function sqliteAt(storeDir: string, reason: StoreLocation['reason']): StoreLocation {
  const file = path.join(storeDir, STORE_FILE_NAME);
  return { engine: 'sqlite', target: file, display: file, reason };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
