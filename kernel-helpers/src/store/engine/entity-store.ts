import type { Driver, Params } from './driver';

/**
 * What every entity store (runs, datasets, jobs, …) stands on: the engine's driver, and the moves
 * they all make with it, written once so that each engine difference stays in the driver.
 */
export abstract class SqlEntityStore {
  constructor(protected readonly db: Driver) {}

  /**
   * Runs `work` in one transaction that holds what it reads until it writes (SQLite's write lock
   * at BEGIN; on PostgreSQL the work locks its rows with `lockRows`): a decision taken from a read
   * is never taken from a stale one.
   */
  protected locked<T>(work: (tx: Driver) => Promise<T>): Promise<T> {
    return this.db.transaction(work, { immediate: true });
  }

  /**
   * Runs `work` in one transaction (`locked`: as `locked` does) and, when it commits, tells
   * listeners in other processes that something changed.
   */
  protected notifying<T>(work: (tx: Driver) => Promise<T>, options: { locked?: boolean } = {}): Promise<T> {
    return this.db.transaction(
      async tx => {
        const result = await work(tx);
        await tx.notifyChanges();
        return result;
      },
      { immediate: options.locked }
    );
  }

  /** Whether a statement changed any row: a delete or a guarded update that found its target. */
  protected async changedAny(sql: string, params?: Params): Promise<boolean> {
    return (await this.db.run(sql, params)).changes > 0;
  }

  /** The ids that start with `prefix` (`sql` takes `id LIKE ? || '%'` and a limit); LIKE's wildcards in it are dropped. */
  protected async idsStartingWith(sql: string, prefix: string, limit: number): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(sql, [prefix.replace(/[%_]/g, ''), limit]);
    return rows.map(r => r.id);
  }

  /**
   * What changed after a time, for the change feed: `sql` selects `key` and `updated_at`. The time
   * is a number on both engines (PostgreSQL's BIGINT may arrive as a string).
   */
  protected async changesSince<K extends string>(
    key: K,
    sql: string,
    params: Params
  ): Promise<(Record<K, string> & { updatedAt: number })[]> {
    const rows = await this.db.all<Record<K, string> & { updated_at: number | string }>(sql, params);
    return rows.map(
      row =>
        ({ [key]: row[key], updatedAt: Number(row.updated_at) }) as Record<K, string> & { updatedAt: number }
    );
  }
}
