/** A value bound to a statement (an array only where the SQL takes one: PostgreSQL's `= ANY(?)`). */
export type SqlValue = string | number | boolean | null | Buffer | undefined | unknown[];

/** Parameters in the order of `?`, or an object for `@name`. */
export type Params = SqlValue[] | Record<string, unknown>;

/**
 * How the store reaches its database: the one seam between the entity stores (written once, in
 * SQLite's SQL with `?` and `@name` placeholders) and an engine. Where the engines genuinely
 * differ, the difference is a field here, read by name at the statement that needs it.
 */
export interface Driver {
  readonly engine: 'sqlite' | 'postgres';
  /** Runs a statement; how many rows it changed. */
  run(sql: string, params?: Params): Promise<{ changes: number }>;
  /** Runs a script of statements without parameters (a migration step). */
  exec(sql: string): Promise<void>;
  /** Runs one statement once per set of parameters, in order. */
  runEach(sql: string, each: Params[]): Promise<void>;
  /** The first row of a query, if any. */
  get<Row>(sql: string, params?: Params): Promise<Row | undefined>;
  all<Row>(sql: string, params?: Params): Promise<Row[]>;
  /**
   * Runs `work` in one transaction (rolled back when it throws) with a driver scoped to it;
   * inside, `transaction` just runs its work. `immediate`: SQLite takes the file's write lock at
   * BEGIN, so what the work reads cannot change before it writes; PostgreSQL locks rows instead
   * (`lockRows`). `work` must await nothing but this driver: on SQLite the transaction holds the
   * connection, and other callers in the process wait for it.
   */
  transaction<T>(work: (tx: Driver) => Promise<T>, options?: { immediate?: boolean }): Promise<T>;
  /**
   * Tells listeners in other processes, when the transaction commits, that something changed
   * (PostgreSQL's NOTIFY); nothing on SQLite, whose readers poll.
   */
  notifyChanges(): Promise<void>;
  /**
   * Where the engine pushes changes (PostgreSQL's LISTEN): calls `listener` when another process
   * commits a change; resolves to a function that stops it; calls `lost` if the push stops by
   * itself. Absent on SQLite.
   */
  listen?(listener: () => void, lost?: () => void): Promise<() => Promise<void>>;
  /** Appended to a SELECT in a transaction to lock its rows until commit ('' on SQLite: see `immediate`). */
  readonly lockRows: string;
  /** Appended to a SELECT to lock its rows and skip those another transaction holds. */
  readonly claimRows: string;
  /** `column` is one of `values`: one array parameter on PostgreSQL, a `?` per value on SQLite. */
  oneOf(column: string, values: SqlValue[]): { sql: string; params: SqlValue[] };
}
