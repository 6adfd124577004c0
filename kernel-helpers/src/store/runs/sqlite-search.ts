import type Database from 'better-sqlite3';
import type { RunPage, RunSearch } from './types';
import { decodeToken, pageOf, searchSql, SQLITE_SEARCH } from './search-sql';

/** One page of runs; `toSummary` turns rows into summaries (with their latest metrics). */
export function searchRuns<Row extends { id: string }, Summary>(
  db: Database.Database,
  query: RunSearch,
  toSummary: (rows: Row[]) => Summary[]
): { runs: Summary[]; nextPageToken: RunPage['nextPageToken'] } {
  const token = query.pageToken
    ? decodeToken(query.pageToken)
    : {
        offset: 0,
        maxRowid: (db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM runs').get() as { m: number }).m
      };
  const statement = searchSql(query, token, SQLITE_SEARCH);
  const page = pageOf(db.prepare(statement.sql).all(...statement.params) as Row[], query, token);
  return { runs: toSummary(page.rows), nextPageToken: page.next };
}
