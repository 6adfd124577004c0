import type Database from 'better-sqlite3';
import type { FilterKey, FilterTerm, RunOrder } from '../runs/filter';
import type { RunPage, RunSearch } from './run-types';
import { StoreError } from './store';

/** SQL for a run filter: a WHERE clause over `runs r` with its parameters. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const ATTRIBUTE_COLUMNS: Record<string, string> = {
  status: 'r.status',
  source: 'r.source',
  name: 'r.name',
  experiment: 'r.experiment',
  user: 'r.user_name',
  start_time: 'r.start_time',
  end_time: 'r.end_time'
};

function opSql(op: FilterTerm['op']): string {
  return op === 'like' ? 'LIKE' : op === '!=' ? '<>' : op;
}

/** Times compare as milliseconds; a filter may give them as ISO text. */
function attributeValue(name: string, value: string | number): string | number {
  if ((name === 'start_time' || name === 'end_time') && typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : ms;
  }
  return value;
}

function termSql(term: FilterTerm): SqlFragment {
  const { key, op, value } = term;
  const sqlOp = opSql(op);
  switch (key.kind) {
    case 'attribute':
      return { sql: `${ATTRIBUTE_COLUMNS[key.name]} ${sqlOp} ?`, params: [attributeValue(key.name, value)] };
    case 'metric':
      return {
        sql: `EXISTS (SELECT 1 FROM run_latest_metrics m WHERE m.run_id = r.id AND m.key = ? AND m.value ${sqlOp} ?)`,
        params: [key.name, value]
      };
    case 'tag':
      return {
        sql: `EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.key = ? AND t.value ${sqlOp} ?)`,
        params: [key.name, String(value)]
      };
    case 'param':
      // Params are stored as JSON: numbers compare as numbers, anything else as its text.
      return typeof value === 'number'
        ? {
            sql: `EXISTS (SELECT 1 FROM run_params p WHERE p.run_id = r.id AND p.name = ? AND p.type = 'number' AND CAST(p.value AS REAL) ${sqlOp} ?)`,
            params: [key.name, value]
          }
        : {
            sql: `EXISTS (SELECT 1 FROM run_params p WHERE p.run_id = r.id AND p.name = ? AND (CASE WHEN p.type = 'string' THEN json_extract(p.value, '$') ELSE p.value END) ${sqlOp} ?)`,
            params: [key.name, value]
          };
  }
}

export function whereSql(terms: FilterTerm[], extra: SqlFragment[] = []): SqlFragment {
  const parts = [...terms.map(termSql), ...extra];
  return parts.length === 0
    ? { sql: '1 = 1', params: [] }
    : { sql: parts.map(p => `(${p.sql})`).join(' AND '), params: parts.flatMap(p => p.params) };
}

/** The value a run is sorted by: a column, or a correlated subquery for metrics, params, tags. */
function orderValueSql(key: FilterKey): SqlFragment {
  switch (key.kind) {
    case 'attribute':
      return { sql: ATTRIBUTE_COLUMNS[key.name], params: [] };
    case 'metric':
      return {
        sql: '(SELECT m.value FROM run_latest_metrics m WHERE m.run_id = r.id AND m.key = ?)',
        params: [key.name]
      };
    case 'tag':
      return {
        sql: '(SELECT t.value FROM run_tags t WHERE t.run_id = r.id AND t.key = ?)',
        params: [key.name]
      };
    case 'param':
      return {
        sql: "(SELECT CASE WHEN p.type = 'number' THEN CAST(p.value AS REAL) ELSE p.value END FROM run_params p WHERE p.run_id = r.id AND p.name = ?)",
        params: [key.name]
      };
  }
}

/** ORDER BY for an order, runs without the value last, ties broken by id for stable pages. */
export function orderSql(order: RunOrder): SqlFragment {
  const value = orderValueSql(order.key);
  const direction = order.descending ? 'DESC' : 'ASC';
  return {
    sql: `(${value.sql}) IS NULL, ${value.sql} ${direction}, r.id ${direction}`,
    params: [...value.params, ...value.params]
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

interface PageToken {
  /** Rows already returned. */
  offset: number;
  /** The highest rowid when the first page was read: later runs stay out of later pages. */
  maxRowid: number;
}

function decodeToken(token: string): PageToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Number.isInteger(parsed.offset) && Number.isInteger(parsed.maxRowid)) {
      return parsed;
    }
  } catch {
    // Fall through to the error below.
  }
  throw new StoreError('The page token is not valid: start again from the first page.');
}

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
  const extra: SqlFragment[] = [{ sql: 'r.rowid <= ?', params: [token.maxRowid] }];
  if (query.experiment !== undefined) {
    // A notebook's path in the workspace, or the end of an absolute experiment path (stores
    // chosen with MLNB_STORE outside the workspace record absolute paths).
    const suffix = `%/${escapeLike(query.experiment)}`;
    extra.push({
      sql: "(r.experiment = ? OR r.experiment LIKE ? ESCAPE '\\')",
      params: [query.experiment, suffix]
    });
  }
  const text = query.text?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    extra.push({
      sql: "(r.name LIKE ? ESCAPE '\\' OR r.experiment LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.value LIKE ? ESCAPE '\\'))",
      params: [like, like, like]
    });
  }
  const where = whereSql(query.filter, extra);
  const order = orderSql(query.order);
  const rows = db
    .prepare(`SELECT r.* FROM runs r WHERE ${where.sql} ORDER BY ${order.sql} LIMIT ? OFFSET ?`)
    .all(...where.params, ...order.params, query.limit + 1, token.offset) as Row[];
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const next = more
    ? Buffer.from(JSON.stringify({ offset: token.offset + query.limit, maxRowid: token.maxRowid })).toString(
        'base64url'
      )
    : null;
  return { runs: toSummary(page), nextPageToken: next };
}
