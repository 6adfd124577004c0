import type Database from 'better-sqlite3';

/** A store's statements (a map of name to SQL), each prepared once for the connection. */
export function prepareAll<Sql extends Record<string, string>>(
  db: Database.Database,
  sql: Sql
): { [name in keyof Sql]: Database.Statement } {
  return Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)])) as {
    [name in keyof Sql]: Database.Statement;
  };
}
