import type { FilterTerm, RunOrder } from './filter-terms';
import type { RunSearch } from './types';
import { StoreError } from '../engine/store';

/**
 * Run search as SQL, one text for both engines: what differs is in the dialect. PostgreSQL is
 * told to behave as SQLite does: LIKE ignores ASCII case, NULL sorts as the smallest value.
 */
export interface SearchDialect {
  /** The run id in a filter's `IN (…)`: SQLite's `+r.id` keeps it from driving the query. */
  idInFilter: string;
  /** The text of a JSON string param (`"adam"` → adam). */
  jsonText: (column: string) => string;
  like: string;
  nulls: (direction: 'ASC' | 'DESC') => string;
}

export const SQLITE_SEARCH: SearchDialect = {
  idInFilter: '+r.id',
  jsonText: column => `json_extract(${column}, '$')`,
  like: 'LIKE',
  nulls: () => ''
};

export const POSTGRES_SEARCH: SearchDialect = {
  idInFilter: 'r.id',
  jsonText: column => `(${column}::jsonb #>> '{}')`,
  like: 'ILIKE',
  nulls: direction => (direction === 'ASC' ? ' NULLS FIRST' : ' NULLS LAST')
};

export const SEARCH_DIALECTS: Record<'sqlite' | 'postgres', SearchDialect> = {
  sqlite: SQLITE_SEARCH,
  postgres: POSTGRES_SEARCH
};

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

function opSql(op: FilterTerm['op'], dialect: SearchDialect): string {
  return op === 'like' ? dialect.like : op === '!=' ? '<>' : op;
}

/** Times compare as milliseconds; a filter may give them as ISO text. */
function attributeValue(name: string, value: string | number): string | number {
  if ((name === 'start_time' || name === 'end_time') && typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : ms;
  }
  return value;
}

/**
 * Each metric, param or tag condition is a set of run ids read from that table's
 * (key, value, run_id) index. `+r.id` keeps SQLite from driving the query from that set: the
 * runs are walked in the order of the sort's index and the walk stops when a page is full.
 */
function termSql(term: FilterTerm, dialect: SearchDialect): SqlFragment {
  const { key, op, value } = term;
  const sqlOp = opSql(op, dialect);
  const id = dialect.idInFilter;
  switch (key.kind) {
    case 'attribute':
      return { sql: `${ATTRIBUTE_COLUMNS[key.name]} ${sqlOp} ?`, params: [attributeValue(key.name, value)] };
    case 'metric':
      return {
        sql: `${id} IN (SELECT run_id FROM run_latest_metrics WHERE key = ? AND value ${sqlOp} ?)`,
        params: [key.name, value]
      };
    case 'tag':
      return {
        sql: `${id} IN (SELECT run_id FROM run_tags WHERE key = ? AND value ${sqlOp} ?)`,
        params: [key.name, String(value)]
      };
    case 'param':
      if (typeof value === 'number') {
        return {
          sql: `${id} IN (SELECT run_id FROM run_params WHERE name = ? AND num ${sqlOp} ?)`,
          params: [key.name, value]
        };
      }
      // Text params are stored as JSON strings ("adam"); others (true, [1,2]) as their JSON text.
      if (op === '=' || op === '!=') {
        return {
          sql: `${id} ${op === '=' ? 'IN' : 'NOT IN'} (SELECT run_id FROM run_params WHERE name = ? AND value IN (?, ?))`,
          params: [key.name, JSON.stringify(value), value]
        };
      }
      return {
        sql: `${id} IN (SELECT run_id FROM run_params WHERE name = ? AND (CASE WHEN type = 'string' THEN ${dialect.jsonText('value')} ELSE value END) ${sqlOp} ?)`,
        params: [key.name, value]
      };
  }
}

export function whereSql(
  terms: FilterTerm[],
  dialect: SearchDialect,
  extra: SqlFragment[] = []
): SqlFragment {
  const parts = [...terms.map(term => termSql(term, dialect)), ...extra];
  return parts.length === 0
    ? { sql: '1 = 1', params: [] }
    : { sql: parts.map(p => `(${p.sql})`).join(' AND '), params: parts.flatMap(p => p.params) };
}

/** The sort: a join that puts the sort value beside each run, and the ORDER BY over it. */
export interface OrderSql {
  join: SqlFragment;
  orderBy: string;
}

/**
 * Ordering by a metric, param or tag joins its table (so the index gives the order) and so
 * lists the runs that have that key; ordering by an attribute uses the runs table's indexes.
 * Ties are broken by id, so pages are stable.
 */
export function orderSql(order: RunOrder, dialect: SearchDialect): OrderSql {
  const direction = order.descending ? 'DESC' : 'ASC';
  // Only the columns that can be NULL say where NULL goes: a NULLS clause on the others would
  // keep PostgreSQL from reading them in the order of their index.
  const nullable = `${direction}${dialect.nulls(direction)}`;
  const { key } = order;
  switch (key.kind) {
    case 'attribute':
      return {
        join: { sql: '', params: [] },
        orderBy: `${ATTRIBUTE_COLUMNS[key.name]} ${key.name === 'end_time' ? nullable : direction}, r.id ${direction}`
      };
    case 'metric':
      return {
        join: { sql: 'JOIN run_latest_metrics o ON o.run_id = r.id AND o.key = ?', params: [key.name] },
        orderBy: `o.value ${direction}, r.id ${direction}`
      };
    case 'tag':
      return {
        join: { sql: 'JOIN run_tags o ON o.run_id = r.id AND o.key = ?', params: [key.name] },
        orderBy: `o.value ${direction}, r.id ${direction}`
      };
    case 'param':
      return {
        join: { sql: 'JOIN run_params o ON o.run_id = r.id AND o.name = ?', params: [key.name] },
        orderBy: `o.num ${nullable}, o.value ${direction}, r.id ${direction}`
      };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

export interface PageToken {
  /** Rows already returned. */
  offset: number;
  /** The highest rowid when the first page was read: later runs stay out of later pages. */
  maxRowid: number;
}

export function decodeToken(token: string): PageToken {
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

/** The statement for one page (one row more than the limit, to know whether more follow). */
export function searchSql(query: RunSearch, token: PageToken, dialect: SearchDialect): SqlFragment {
  const extra: SqlFragment[] = [{ sql: 'r.rowid <= ?', params: [token.maxRowid] }];
  if (query.experiment !== undefined) {
    // A notebook's path in the workspace, or the end of an absolute experiment path (stores
    // chosen with MLNB_STORE outside the workspace record absolute paths).
    const suffix = `%/${escapeLike(query.experiment)}`;
    extra.push({
      sql: `(r.experiment = ? OR r.experiment ${dialect.like} ? ESCAPE '\\')`,
      params: [query.experiment, suffix]
    });
  }
  const text = query.text?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    const op = `${dialect.like} ? ESCAPE '\\'`;
    extra.push({
      sql: `(r.name ${op} OR r.experiment ${op} OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.value ${op}))`,
      params: [like, like, like]
    });
  }
  const where = whereSql(query.filter, dialect, extra);
  const order = orderSql(query.order, dialect);
  return {
    sql: `SELECT r.* FROM runs r ${order.join.sql} WHERE ${where.sql} ORDER BY ${order.orderBy} LIMIT ? OFFSET ?`,
    params: [...order.join.params, ...where.params, query.limit + 1, token.offset]
  };
}

/** The page from the rows read, and the token of the next page (null on the last). */
export function pageOf<Row>(
  rows: Row[],
  query: RunSearch,
  token: PageToken
): { rows: Row[]; next: string | null } {
  const more = rows.length > query.limit;
  const next = more
    ? Buffer.from(JSON.stringify({ offset: token.offset + query.limit, maxRowid: token.maxRowid })).toString(
        'base64url'
      )
    : null;
  return { rows: more ? rows.slice(0, query.limit) : rows, next };
}
