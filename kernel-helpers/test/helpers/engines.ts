import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { openStore } from '../../src/store/engine/open';
import type { Store } from '../../src/store/engine/store';
import { tempDir } from './env';

/** The store engines the store-level suites run against. */
export type Engine = 'sqlite' | 'postgres';

/**
 * A PostgreSQL role that may create databases: the test server of this machine kind and of CI
 * (trust auth on 127.0.0.1). `MLNB_TEST_POSTGRES=off` runs the suites on SQLite alone, for a
 * machine without PostgreSQL; it is never skipped silently.
 */
export const POSTGRES_ADMIN_URL =
  process.env.MLNB_TEST_POSTGRES && process.env.MLNB_TEST_POSTGRES !== 'off'
    ? process.env.MLNB_TEST_POSTGRES
    : 'postgres://postgres@127.0.0.1:5432/postgres';

export const ENGINES: Engine[] =
  process.env.MLNB_TEST_POSTGRES === 'off' ? ['sqlite'] : ['sqlite', 'postgres'];

/** A store for one test: what to put in MLNB_STORE, and how to remove it afterwards. */
export interface TestStore {
  target: string;
  drop(): Promise<void>;
}

/** A new empty store: a file in `dir`, or a database of its own (so suites run in parallel). */
export async function createTestStore(engine: Engine, dir: string): Promise<TestStore> {
  if (engine === 'sqlite') {
    return { target: path.join(dir, 'store.db'), drop: async () => undefined };
  }
  return createTestDatabase();
}

export async function createTestDatabase(): Promise<TestStore> {
  const name = `mlnb_test_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: url.toString(),
    // FORCE: a connection a failed test left open must not keep the database.
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  };
}

/** Runs one statement as the admin role, on its own connection. */
export async function admin(sql: string, database?: string): Promise<unknown[]> {
  const url = new URL(POSTGRES_ADMIN_URL);
  if (database) {
    url.pathname = `/${database}`;
  }
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs one query on a test store's database. */
export async function queryStore(target: string, sql: string): Promise<Record<string, unknown>[]> {
  return admin(sql, new URL(target).pathname.slice(1)) as Promise<Record<string, unknown>[]>;
}

/**
 * A fresh store of `engine` for each test of a suite, opened in a temporary folder (`dir`), closed
 * and dropped after it. `env` adds to MLNB_STORE (e.g. MLNB_ARTIFACTS, given the folder);
 * `target` is what MLNB_STORE names.
 */
export function storePerTest(
  engine: Engine,
  env: (dir: string) => Record<string, string> = () => ({})
): { readonly store: Store; readonly dir: string; readonly target: string } {
  const state = {} as { store: Store; dir: string; made: TestStore };
  beforeEach(async () => {
    state.dir = tempDir();
    state.made = await createTestStore(engine, state.dir);
    state.store = await openStore({ env: { MLNB_STORE: state.made.target, ...env(state.dir) } });
  });
  afterEach(async () => {
    await state.store.close();
    await state.made.drop();
    fs.rmSync(state.dir, { recursive: true, force: true });
  });
  return {
    get store() {
      return state.store;
    },
    get dir() {
      return state.dir;
    },
    get target() {
      return state.made.target;
    }
  };
}
