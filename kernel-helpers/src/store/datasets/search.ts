import type { Driver } from '../engine/driver';
import type { DatasetHit, DatasetSearch } from './types';
import { ftsQuery, searchWords, tsQuery } from './fts-query';
import type { SearchFields } from './rows';
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

/**
 * What catalog search does differently per engine: SQLite ranks with FTS5's bm25 (weights set
 * in the migration), PostgreSQL with ts_rank over a weighted tsvector per dataset.
 */
interface SearchEngine {
  /** The user's words as the engine's query ('' when there are none). */
  query(text: string): string;
  /** The ids of one page of ranked matches of `match`. */
  matchIds(db: Driver, search: DatasetSearch, match: string): Promise<number[]>;
  /** Writes the dataset's search row from its fields. */
  index(db: Driver, id: number, fields: SearchFields): Promise<void>;
}

/**
 * ts_rank's weights for the classes D, C, B, A: annotations, then columns and description, tags,
 * name — the order of FTS5's bm25 weights on SQLite (1, 2 and 3, 6, 10; four classes here).
 */
const RANK_WEIGHTS = '{0.1, 0.25, 0.6, 1.0}';

/** The weighted document of a dataset, from its five fields (words folded as FTS5 does). */
const DOCUMENT_SQL = `setweight(to_tsvector('simple', @name), 'A')
  || setweight(to_tsvector('simple', @tags), 'B')
  || setweight(to_tsvector('simple', @columns), 'C')
  || setweight(to_tsvector('simple', @description), 'C')
  || setweight(to_tsvector('simple', @annotations), 'D')`;

const ids = (rows: { id: number }[]) => rows.map(row => row.id);

const ENGINES: Record<Driver['engine'], SearchEngine> = {
  sqlite: {
    query: ftsQuery,
    async matchIds(db, search, match) {
      const { where, args } = searchFilters(search);
      const sql = where.length
        ? `SELECT s.rowid AS id FROM dataset_search s
             JOIN datasets d ON d.id = s.rowid ${LATEST_JOIN}
            WHERE dataset_search MATCH ? AND ${where.join(' AND ')} ORDER BY s.rank LIMIT ${searchLimit(search)}`
        : `SELECT rowid AS id FROM dataset_search WHERE dataset_search MATCH ? ORDER BY rank LIMIT ${searchLimit(search)}`;
      return ids(await db.all(sql, [match, ...args]));
    },
    async index(db, id, fields) {
      await db.run('DELETE FROM dataset_search WHERE rowid = ?', [id]);
      await db.run(
        `INSERT INTO dataset_search (rowid, name, tags, description, annotations, columns)
         VALUES (@id, @name, @tags, @description, @annotations, @columns)`,
        { id, ...fields }
      );
    }
  },
  postgres: {
    query: tsQuery,
    async matchIds(db, search, match) {
      const { where, args } = searchFilters(search);
      // With filters, the filtered ids first, as one set (MATERIALIZED): planned from the match
      // count's default estimate, a join probed the filter tables once per match (twice as slow).
      const filtered = where.length
        ? `WITH f AS MATERIALIZED (SELECT d.id FROM datasets d ${LATEST_JOIN} WHERE ${where.join(' AND ')}) `
        : '';
      const sql = `${filtered}SELECT s.rowid AS id FROM dataset_search s
          WHERE s.document @@ to_tsquery('simple', ?) ${where.length ? 'AND s.rowid IN (SELECT id FROM f)' : ''}
          ORDER BY ts_rank('${RANK_WEIGHTS}', s.document, to_tsquery('simple', ?)) DESC, s.rowid
          LIMIT ${searchLimit(search)}`;
      // The filters' values, then the query's words: once for the match, once for the rank.
      return ids(await db.all(sql, [...args, match, match]));
    },
    async index(db, id, fields) {
      const words = Object.fromEntries(Object.entries(fields).map(([key, text]) => [key, searchWords(text)]));
      await db.run(
        `INSERT INTO dataset_search (rowid, document) VALUES (@id, ${DOCUMENT_SQL})
         ON CONFLICT (rowid) DO UPDATE SET document = excluded.document`,
        { id, ...words }
      );
    }
  }
};

/**
 * Catalog search in two steps: first the ids of one page (ranked matches of the words, or the
 * newest datasets without words), then the details, tags and snippets of that page only —
 * computing them for every match made broad prefixes slow.
 */
export async function searchDatasets(db: Driver, search: DatasetSearch): Promise<DatasetHit[]> {
  const engine = ENGINES[db.engine];
  const match = engine.query(search.query ?? '');
  let page: number[];
  if (match) {
    page = await engine.matchIds(db, search, match);
  } else {
    const recent = recentSql(search);
    page = ids(await db.all(recent.sql, recent.args));
  }
  if (page.length === 0) {
    return [];
  }
  const [rows, tags] = await Promise.all([
    db.all<HitRow>(detailsSql(page)),
    db.all<{ dataset_id: number; tag: string }>(tagsSql(page))
  ]);
  return hitsOf(page, rows, tags, search.query ?? '');
}

/** Writes one dataset's search row. */
export const indexDataset = (db: Driver, id: number, fields: SearchFields): Promise<void> =>
  ENGINES[db.engine].index(db, id, fields);
