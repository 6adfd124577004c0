import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The sha256 of a file, streamed: a large data file is never read into memory at once. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', chunk => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Files below `dir`, relative and sorted, so a directory's hash does not depend on listing order. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/**
 * Copies a file or directory to `destination` (under the artifact root) and returns its sha256
 * and size. A directory's sha256 is that of the list of its files' relative paths and hashes.
 */
export async function storeArtifact(
  source: string,
  destination: string
): Promise<{ sha256: string; bytes: number }> {
  const stat = fs.statSync(source);
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  if (!stat.isDirectory()) {
    fs.copyFileSync(source, destination);
    return { sha256: await sha256File(destination), bytes: stat.size };
  }
  fs.cpSync(source, destination, { recursive: true });
  return digestDirectory(destination);
}

/**
 * The sha256 and size of a directory as artifacts are hashed: the sha256 of the list of its
 * files' relative paths and hashes. Checks a stored artifact (a registered model) is unchanged.
 */
export async function digestDirectory(dir: string): Promise<{ sha256: string; bytes: number }> {
  const lines: string[] = [];
  let bytes = 0;
  for (const file of listFiles(dir)) {
    const full = path.join(dir, file);
    lines.push(`${await sha256File(full)}  ${file}`);
    bytes += fs.statSync(full).size;
  }
  return { sha256: sha256(lines.join('\n')), bytes };
}
