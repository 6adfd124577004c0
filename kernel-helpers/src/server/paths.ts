import * as fs from 'node:fs';
import * as path from 'node:path';

/** A path from a request that points outside the service's root (or nowhere). */
export class PathError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 403 | 404
  ) {
    super(message);
  }
}

/**
 * Resolves a path given relative to `root` (as JupyterLab's file browser names files) to a real
 * file inside `root`. `..`, absolute paths and symlinks leading outside are refused; messages
 * name the root as `where`.
 */
export function fileInRoot(root: string, relative: string, where = 'the Jupyter root'): string {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) {
    throw new PathError(`"${relative}" must be a path inside ${where}, without "..".`, 403);
  }
  const realRoot = fs.realpathSync(root);
  let real: string;
  try {
    real = fs.realpathSync(path.join(realRoot, relative));
  } catch {
    throw new PathError(`No file "${relative}" in ${where}.`, 404);
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    throw new PathError(`"${relative}" leads outside ${where}.`, 403);
  }
  if (!fs.statSync(real).isFile()) {
    throw new PathError(`"${relative}" is not a file.`, 400);
  }
  return real;
}
