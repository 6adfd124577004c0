import type { DatasetHit, DatasetSearch } from './types';
import { snippet } from './fts-query';

/** Catalog search, the parts both engines share: filters, the page's details, the hits. */

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export const searchLimit = (search: DatasetSearch): number =>
  Math.min(Math.max(search.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);

/** The format, tag and owner filters, over `datasets d` joined with its latest version `v`. */
export function searchFilters(search: DatasetSearch): { where: string[]; args: string[] } {
  const where: string[] = [];
  const args: string[] = [];
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
  return { where, args };
}

export const LATEST_JOIN = 'JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.latest_version';

/** A statement and its values. */
export interface Statement {
  sql: string;
  args: string[];
}

/** Without words: the filtered datasets, most recently changed first. */
export function recentSql(search: DatasetSearch): Statement {
  const { where, args } = searchFilters(search);
  return {
    sql: `SELECT d.id FROM datasets d ${LATEST_JOIN} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.updated_at DESC, d.id DESC LIMIT ${searchLimit(search)}`,
    args
  };
}

export interface HitRow {
  id: number;
  name: string;
  version: number;
  format: DatasetHit['format'];
  rows: number;
  bytes: number;
  owner: string;
  description: string;
  updated_at: number;
}

/** The columns of a `HitRow`, over `datasets d` joined with its latest version `v`. */
export const DETAILS_COLUMNS =
  'd.id, d.name, v.version, v.format, v.rows, v.bytes, d.owner, d.description, d.updated_at';

/** The details of one page of ids (numbers from the engine, never from the caller). */
export function detailsSql(ids: number[]): string {
  return `SELECT ${DETAILS_COLUMNS}
      FROM datasets d ${LATEST_JOIN} WHERE d.id IN (${ids.map(id => Number(id)).join(',')})`;
}

export function tagsSql(ids: number[]): string {
  return `SELECT dataset_id, tag FROM dataset_tags WHERE dataset_id IN (${ids.map(id => Number(id)).join(',')})`;
}

/** The hits in the order of `ids`, each with its tags and the description's snippet. */
export function hitsOf(
  ids: number[],
  rows: HitRow[],
  tags: { dataset_id: number; tag: string }[],
  query: string
): DatasetHit[] {
  const byId = new Map(rows.map(row => [row.id, row]));
  const tagsOf = new Map<number, string[]>();
  for (const { dataset_id, tag } of tags) {
    (tagsOf.get(dataset_id) ?? tagsOf.set(dataset_id, []).get(dataset_id)!).push(tag);
  }
  return ids.map(id => {
    const row = byId.get(id)!;
    return {
      name: row.name,
      version: row.version,
      format: row.format,
      rows: row.rows,
      bytes: row.bytes,
      tags: (tagsOf.get(id) ?? []).sort(),
      owner: row.owner,
      // The description around the matched words, else its start. Plain text either way.
      snippet: snippet(row.description, query),
      updatedAt: new Date(row.updated_at).toISOString()
    };
  });
}
