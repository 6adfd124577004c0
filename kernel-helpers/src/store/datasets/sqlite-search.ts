import type Database from 'better-sqlite3';
import type { DatasetHit, DatasetSearch } from './types';
import {
  detailsSql,
  HitRow,
  hitsOf,
  LATEST_JOIN,
  recentSql,
  searchFilters,
  searchLimit,
  tagsSql
} from './search-sql';
import { ftsQuery } from './fts-query';

/**
 * Catalog search in two steps: first the ids of one page (ranked by FTS5's bm25 with the
 * weights set in the migration, or newest first without words), then the details, tags and
 * snippets of that page only — computing them for every match made broad prefixes slow.
 */
export function searchDatasets(db: Database.Database, search: DatasetSearch): DatasetHit[] {
  const match = ftsQuery(search.query ?? '');
  const ids = pageIds(db, search, match, searchLimit(search));
  if (ids.length === 0) {
    return [];
  }
  return hitsOf(
    ids,
    db.prepare(detailsSql(ids)).all() as HitRow[],
    db.prepare(tagsSql(ids)).all() as { dataset_id: number; tag: string }[],
    search.query ?? ''
  );
}

/** The ids of one page: ranked matches of the words, or the newest datasets without words. */
function pageIds(db: Database.Database, search: DatasetSearch, match: string, limit: number): number[] {
  let rows: unknown[];
  if (match) {
    const { where, args } = searchFilters(search);
    const sql = where.length
      ? `SELECT s.rowid AS id FROM dataset_search s
           JOIN datasets d ON d.id = s.rowid ${LATEST_JOIN}
          WHERE dataset_search MATCH ? AND ${where.join(' AND ')} ORDER BY s.rank LIMIT ${limit}`
      : `SELECT rowid AS id FROM dataset_search WHERE dataset_search MATCH ? ORDER BY rank LIMIT ${limit}`;
    rows = db.prepare(sql).all(match, ...args);
  } else {
    const recent = recentSql(search);
    rows = db.prepare(recent.sql).all(...recent.args);
  }
  return rows.map(row => (row as { id: number }).id);
}
