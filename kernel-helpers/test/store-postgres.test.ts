import * as fs from 'node:fs';
import * as path from 'node:path';
import { pgTables, sqliteTables, STORE_TABLES } from '../src/store/engine/copy-tables';
import { LATEST_SCHEMA_VERSION } from '../src/store/engine/migrations';
import { openStore } from '../src/store/engine/open';
import type { PgStore } from '../src/store/engine/pg';
import type { SqliteStore } from '../src/store/engine/sqlite';
import { StoreError } from '../src/store/engine/store';
import { createTestDatabase, queryStore, TestStore } from './helpers/engines';
import { PACKAGE_DIR, runCli, tempDir } from './helpers/env';
import { runNode } from './helpers/node';
import { newRun } from './helpers/store';

/** What only the PostgreSQL engine has: a server to reach, many writers, pushed changes. */
describe('the PostgreSQL store', () => {
  let made: TestStore;
  beforeEach(async () => {
    made = await createTestDatabase();
  });
  afterEach(() => made.drop());

  const open = () => openStore({ env: { MLNB_STORE: made.target } });

  test('refuses a store written by a newer mlnb and leaves it untouched', async () => {
    await (await open()).close();
    await queryStore(
      made.target,
      `INSERT INTO schema_migrations VALUES (${LATEST_SCHEMA_VERSION + 5}, 'future', 'x')`
    );
    const tables = () =>
      queryStore(made.target, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    const before = await tables();
    await expect(open()).rejects.toThrow(StoreError);
    await expect(open()).rejects.toThrow(/newer than this mlnb understands/);
    expect(await tables()).toEqual(before);
  });

  test('has the tables, columns and primary keys of the SQLite store, from the same migrations', async () => {
    const dir = tempDir();
    const sqlite = (await openStore({ env: { MLNB_STORE: path.join(dir, 'store.db') } })) as SqliteStore;
    const postgres = (await open()) as PgStore;
    try {
      const [a, b] = [sqliteTables(sqlite.db), pgTables(postgres.pool)];
      for (const table of STORE_TABLES) {
        expect({
          table: table.name,
          columns: await b.columns(table.name),
          key: await b.primaryKey(table.name)
        }).toEqual({
          table: table.name,
          columns: await a.columns(table.name),
          key: await a.primaryKey(table.name)
        });
      }
    } finally {
      await sqlite.close();
      await postgres.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [
      'a server that does not answer',
      'postgres://u:secret@127.0.0.1:1/mlnb',
      /nothing answers at that host and port/
    ],
    [
      'a database that does not exist',
      'postgres://postgres:secret@127.0.0.1:5432/mlnb_no_such_db',
      /database does not exist/
    ],
    ['a URL without a database', 'postgres://u:secret@127.0.0.1:5432', /names no database/],
    ['a URL that does not parse', 'postgres://u:secret@[bad/x', /not a valid PostgreSQL URL/]
  ])('%s is one clear line, exit 1, the password masked', (_what, url, message) => {
    const check = runCli(['store', 'check'], { env: { MLNB_STORE: url } });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(message);
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr).not.toContain('secret');
  });

  test('eight processes writing at once lose nothing', async () => {
    await (await open()).close();
    const script = `
      const { openStore } = require(${JSON.stringify(path.join(PACKAGE_DIR, 'dist', 'store', 'engine', 'open.js'))});
      (async () => {
        const store = await openStore();
        const id = 'w' + process.argv[1];
        await store.runs.create({ id, experiment: 'load', name: id, source: 'batch', jobId: null, user: 'u',
          host: 'h', pid: process.pid, startTime: Date.now(), code: { git: null, notebook: null }, environment: {} });
        for (let step = 0; step < 50; step++) {
          await store.runs.logMetrics(id, [{ key: 'loss', value: step / 10, step, time: Date.now() },
            { key: 'acc', value: 1 - step / 100, step, time: Date.now() }]);
          await store.runs.setTags(id, { ['t' + (step % 5)]: String(step) });
        }
        await store.runs.update(id, { status: 'finished', endTime: Date.now() });
        await store.close();
      })().catch(e => { console.error(e); process.exit(1); });`;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => runNode(script, [String(i)], { MLNB_STORE: made.target }))
    );
    const store = await open();
    try {
      const runs = await store.runs.list({ experiment: 'load' });
      expect(runs).toHaveLength(8);
      for (const summary of runs) {
        const run = (await store.runs.get(summary.id))!;
        expect(run.status).toBe('finished');
        expect(run.metrics.loss.map(p => p.step)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        expect(run.metrics.acc).toHaveLength(50);
        expect(summary.latestMetrics).toEqual({ loss: 4.9, acc: 0.51 });
        expect(Object.keys(run.tags)).toHaveLength(5);
      }
    } finally {
      await store.close();
    }
  });

  test('a listener whose connection the server ends is told, so the feed can poll instead', async () => {
    const store = await open();
    try {
      let lost!: () => void;
      const told = new Promise<void>(resolve => (lost = resolve));
      const stop = await store.onChange!(() => undefined, lost);
      const database = new URL(made.target).pathname.slice(1);
      await queryStore(
        made.target,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = '${database}' AND application_name = 'mlnb-listen'`
      );
      await told;
      await stop();
    } finally {
      await store.close();
    }
  });

  test('a change committed by another process is pushed to listeners (LISTEN/NOTIFY)', async () => {
    const listener = await open();
    const writer = await open();
    try {
      let calls = 0;
      let changed!: () => void;
      const told = new Promise<void>(resolve => (changed = resolve));
      const stop = await listener.onChange!(() => {
        calls++;
        changed();
      });
      await writer.runs.create(newRun({ id: 'pushed', name: 'n' }));
      await told;
      expect(calls).toBeGreaterThan(0);
      await stop();
    } finally {
      await listener.close();
      await writer.close();
    }
  });
});
