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
import { searchWords, tsQuery } from './fts-query';
import { all, Queryable } from '../engine/pg-db';

/**
 * ts_rank's weights for the classes D, C, B, A: annotations, then columns and description, tags,
 * name — the order of FTS5's bm25 weights on SQLite (1, 2 and 3, 6, 10; four classes here).
 */
const RANK_WEIGHTS = '{0.1, 0.25, 0.6, 1.0}';

/** The weighted document of a dataset, from its five fields (words folded as FTS5 does). */
export const DOCUMENT_SQL = `setweight(to_tsvector('simple', @name), 'A')
  || setweight(to_tsvector('simple', @tags), 'B')
  || setweight(to_tsvector('simple', @columns), 'C')
  || setweight(to_tsvector('simple', @description), 'C')
  || setweight(to_tsvector('simple', @annotations), 'D')`;

/** The fields as the document is built from them. */
export function documentFields(
  fields: Record<'name' | 'tags' | 'description' | 'annotations' | 'columns', string>
) {
  return Object.fromEntries(Object.entries(fields).map(([key, text]) => [key, searchWords(text)]));
}

/** Catalog search on PostgreSQL: the same two steps as on SQLite, ranked with ts_rank. */
export async function searchDatasetsPg(db: Queryable, search: DatasetSearch): Promise<DatasetHit[]> {
  const query = tsQuery(search.query ?? '');
  const { where, args } = searchFilters(search);
  let ids: number[];
  if (query) {
    // With filters, the filtered ids first, as one set (MATERIALIZED): planned from the match
    // count's default estimate, a join probed the filter tables once per match (twice as slow).
    const filtered = where.length
      ? `WITH f AS MATERIALIZED (SELECT d.id FROM datasets d ${LATEST_JOIN} WHERE ${where.join(' AND ')}) `
      : '';
    ids = (
      await all<{ id: number }>(
        db,
        `${filtered}SELECT s.rowid AS id FROM dataset_search s
          WHERE s.document @@ to_tsquery('simple', ?) ${where.length ? 'AND s.rowid IN (SELECT id FROM f)' : ''}
          ORDER BY ts_rank('${RANK_WEIGHTS}', s.document, to_tsquery('simple', ?)) DESC, s.rowid
          LIMIT ${searchLimit(search)}`,
        // The filters' values, then the query's words: once for the match, once for the rank.
        [...args, query, query]
      )
    ).map(row => row.id);
  } else {
    const recent = recentSql(search);
    ids = (await all<{ id: number }>(db, recent.sql, recent.args)).map(row => row.id);
  }
  if (ids.length === 0) {
    return [];
  }
  const [rows, tags] = await Promise.all([
    all<HitRow>(db, detailsSql(ids)),
    all<{ dataset_id: number; tag: string }>(db, tagsSql(ids))
  ]);
  return hitsOf(ids, rows, tags, search.query ?? '');
}
