import type Database from 'better-sqlite3';
import type { DatasetHit, DatasetSearch } from './dataset-types';
import { ftsQuery, snippet } from './fts-query';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

interface HitRow {
  id: number;
  name: string;
  version: number;
  format: DatasetHit['format'];
  rows: number;
  bytes: number;
  tags: string;
  owner: string;
  description: string;
  updated_at: number;
}

/**
 * Catalog search in two steps: first the ids of one page (ranked by FTS5's bm25 with the
 * weights set in the migration, or newest first without words), then the details, tags and
 * snippets of that page only — computing them for every match made broad prefixes slow.
 */
export function searchDatasets(db: Database.Database, search: DatasetSearch): DatasetHit[] {
  const match = ftsQuery(search.query ?? '');
  const limit = Math.min(Math.max(search.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const where: string[] = [];
  const args: unknown[] = [];
  if (search.format) {
    where.push('v.format = ?');
    args.push(search.format);
  }
  if (search.tag) {
    where.push('d.id IN (SELECT dataset_id FROM dataset_tags WHERE tag = ?)');
    args.push(search.tag);
  }
  if (search.owner) {
    where.push('d.owner = ?');
    args.push(search.owner);
  }
  const filtered = `SELECT d.id FROM datasets d
      JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.latest_version
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const ids = (
    match
      ? db
          .prepare(
            where.length
              ? `SELECT s.rowid AS id FROM dataset_search s
                   JOIN datasets d ON d.id = s.rowid
                   JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.latest_version
                  WHERE dataset_search MATCH ? AND ${where.join(' AND ')} ORDER BY s.rank LIMIT ${limit}`
              : `SELECT rowid AS id FROM dataset_search WHERE dataset_search MATCH ? ORDER BY rank LIMIT ${limit}`
          )
          .all(match, ...args)
      : db.prepare(`${filtered} ORDER BY d.updated_at DESC, d.id DESC LIMIT ${limit}`).all(...args)
  ).map(row => (row as { id: number }).id);
  if (ids.length === 0) {
    return [];
  }
  const list = ids.join(',');
  const rows = db
    .prepare(
      `SELECT d.id, d.name, v.version, v.format, v.rows, v.bytes, d.owner, d.description, d.updated_at,
              (SELECT json_group_array(tag) FROM dataset_tags WHERE dataset_id = d.id) AS tags
         FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.latest_version
        WHERE d.id IN (${list})`
    )
    .all() as HitRow[];
  const byId = new Map(rows.map(row => [row.id, row]));
  return ids.map(id => {
    const row = byId.get(id)!;
    return {
      name: row.name,
      version: row.version,
      format: row.format,
      rows: row.rows,
      bytes: row.bytes,
      tags: (JSON.parse(row.tags) as string[]).sort(),
      owner: row.owner,
      // The description around the matched words, else its start. Plain text either way.
      snippet: snippet(row.description, search.query ?? ''),
      updatedAt: new Date(row.updated_at).toISOString()
    };
  });
}
