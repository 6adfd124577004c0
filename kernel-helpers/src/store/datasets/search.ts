import type { Driver } from '../engine/driver';
import type { DatasetHit, DatasetSearch } from './types';
import { ftsQuery, searchWords, tsQuery } from './fts-query';
import type { SearchFields, SearchKeys } from './rows';
import {
  DETAILS_COLUMNS,
  detailsSql,
  HitRow,
  hitsOf,
  LATEST_JOIN,
  recentSql,
  searchFilters,
  searchLimit,
  Statement,
  tagsSql
} from './search-sql';

/**
 * What catalog search does differently per engine: SQLite ranks with FTS5's bm25 (weights set
 * in the migration), PostgreSQL with ts_rank over a weighted tsvector per dataset.
 */
interface SearchEngine {
  /** The user's words as the engine's query ('' when there are none). */
  query(text: string): string;
  /** The statement of the ids of one page of ranked matches of `match`, best first. */
  matchSql(search: DatasetSearch, match: string): Statement;
  /** The details and tags of the page `page` selects (its ids, in order). */
  hits(db: Driver, page: Statement): Promise<PageHits>;
  /** Writes the dataset's search row from its fields (and, where the engine filters on it, its keys). */
  index(db: Driver, id: number, fields: SearchFields, keys: SearchKeys): Promise<void>;
}

/** One page: its ids in order, their details and their tags. */
interface PageHits {
  ids: number[];
  rows: HitRow[];
  tags: { dataset_id: number; tag: string }[];
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
    matchSql(search, match) {
      const { where, args } = searchFilters(search);
      const sql = where.length
        ? `SELECT s.rowid AS id FROM dataset_search s
             JOIN datasets d ON d.id = s.rowid ${LATEST_JOIN}
            WHERE dataset_search MATCH ? AND ${where.join(' AND ')} ORDER BY s.rank LIMIT ${searchLimit(search)}`
        : `SELECT rowid AS id FROM dataset_search WHERE dataset_search MATCH ? ORDER BY rank LIMIT ${searchLimit(search)}`;
      return { sql, args: [match, ...args] };
    },
    // In process, a statement costs no round trip: the ids, then the page's details and tags.
    async hits(db, page) {
      const pageIds = ids(await db.all(page.sql, page.args));
      if (pageIds.length === 0) {
        return { ids: [], rows: [], tags: [] };
      }
      const [rows, tags] = await Promise.all([
        db.all<HitRow>(detailsSql(pageIds)),
        db.all<{ dataset_id: number; tag: string }>(tagsSql(pageIds))
      ]);
      return { ids: pageIds, rows, tags };
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
    matchSql(search, match) {
      // The filters are columns of the search row (migration 11): one scan checks the words and
      // the filters, where joining the filter tables probed them once per match (3x slower).
      const where: string[] = [];
      const args: string[] = [];
      for (const key of ['format', 'owner'] as const) {
        const value = search[key];
        if (value) {
          where.push(`s.${key} = ?`);
          args.push(value);
        }
      }
      if (search.tag) {
        where.push('? = ANY(s.tags)');
        args.push(search.tag);
      }
      const sql = `SELECT s.rowid AS id FROM dataset_search s
          WHERE s.document @@ to_tsquery('simple', ?) ${where.map(w => `AND ${w}`).join(' ')}
          ORDER BY ts_rank('${RANK_WEIGHTS}', s.document, to_tsquery('simple', ?)) DESC, s.rowid
          LIMIT ${searchLimit(search)}`;
      // The query's words once for the match, then the filters' values, then the words for the rank.
      return { sql, args: [match, ...args, match] };
    },
    // One statement for the page, its details and its tags: each round trip to the server costs
    // more than the details' work (a third of a search's time on a busy machine).
    async hits(db, page) {
      const rows = await db.all<HitRow & { tags: string[] }>(
        `WITH page AS MATERIALIZED (${page.sql}),
              ordered AS (SELECT id, row_number() OVER () AS position FROM page)
         SELECT ${DETAILS_COLUMNS},
                ARRAY(SELECT t.tag FROM dataset_tags t WHERE t.dataset_id = d.id) AS tags
           FROM ordered o JOIN datasets d ON d.id = o.id ${LATEST_JOIN}
          ORDER BY o.position`,
        page.args
      );
      return {
        ids: ids(rows),
        rows,
        tags: rows.flatMap(row => row.tags.map(tag => ({ dataset_id: row.id, tag })))
      };
    },
    async index(db, id, fields, keys) {
      const words = Object.fromEntries(Object.entries(fields).map(([key, text]) => [key, searchWords(text)]));
      await db.run(
        `INSERT INTO dataset_search (rowid, document, format, owner, tags)
         VALUES (@id, ${DOCUMENT_SQL}, @format, @owner, @tag_list)
         ON CONFLICT (rowid) DO UPDATE SET document = excluded.document, format = excluded.format,
           owner = excluded.owner, tags = excluded.tags`,
        // @tags is the tags' words in the document; @tag_list the tags as the filter compares them.
        { id, ...words, format: keys.format, owner: keys.owner, tag_list: keys.tags }
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
  const page = await engine.hits(db, match ? engine.matchSql(search, match) : recentSql(search));
  return page.ids.length ? hitsOf(page.ids, page.rows, page.tags, search.query ?? '') : [];
}

/** Writes one dataset's search row. */
export const indexDataset = (db: Driver, id: number, fields: SearchFields, keys: SearchKeys): Promise<void> =>
  ENGINES[db.engine].index(db, id, fields, keys);
