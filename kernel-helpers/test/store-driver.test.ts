import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Driver } from '../src/store/engine/driver';
import { openStore } from '../src/store/engine/open';
import type { PgStore } from '../src/store/engine/pg';
import { PgDriver } from '../src/store/engine/pg-driver';
import type { SqliteStore } from '../src/store/engine/sqlite';
import { SqliteDriver } from '../src/store/engine/sqlite-driver';
import { Engine, ENGINES, storePerTest } from './helpers/engines';
import { tempDir } from './helpers/env';

/**
 * The drivers the store is written over. A transaction spans awaits, so what other code in the
 * process does meanwhile must neither join it nor wait on it without end.
 */
describe.each(ENGINES)('the %s driver', (engine: Engine) => {
  const t = storePerTest(engine);
  let driver: Driver;
  beforeEach(() => {
    driver =
      engine === 'sqlite'
        ? SqliteDriver.over((t.store as SqliteStore).db)
        : PgDriver.over((t.store as PgStore).pool, t.target);
  });

  const keys = async () =>
    (await driver.all<{ key: string }>('SELECT key FROM store_meta ORDER BY key')).map(r => r.key);

  test('a write made outside an open transaction is not rolled back with it', async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      driver.transaction(async tx => {
        await tx.run(`INSERT INTO store_meta (key, value) VALUES ('inside', '')`);
        outside = driver.run(`INSERT INTO store_meta (key, value) VALUES ('outside', '')`);
        await tx.get('SELECT 1 AS one');
        throw new Error('roll back');
      })
    ).rejects.toThrow('roll back');
    await outside;
    const stored = await keys();
    expect(stored).toContain('outside');
    expect(stored).not.toContain('inside');
  });

  test('transactions started together both commit', async () => {
    const write = (key: string) =>
      driver.transaction(
        async tx => {
          await tx.run('INSERT INTO store_meta (key, value) VALUES (?, ?)', [`${key}1`, '']);
          await tx.run('INSERT INTO store_meta (key, value) VALUES (?, ?)', [`${key}2`, '']);
        },
        { immediate: true }
      );
    await Promise.all([write('a'), write('b')]);
    expect((await keys()).filter(k => /^[ab]\d$/.test(k))).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
});

describe('the sqlite driver with two connections to one file in one process', () => {
  test('takes turns instead of waiting for the file lock that its own open transaction holds', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'store.db');
    (await openStore({ env: { MLNB_STORE: file } })).close();
    // A short busy timeout: a connection waiting on the other's lock fails fast instead of hanging.
    const [a, b] = [new Database(file, { timeout: 200 }), new Database(file, { timeout: 200 })];
    try {
      const write = (driver: Driver, key: string) =>
        driver.transaction(
          async tx => {
            await tx.run('INSERT INTO store_meta (key, value) VALUES (?, ?)', [key, '']);
            await tx.get('SELECT 1 AS one');
          },
          { immediate: true }
        );
      await Promise.all([write(SqliteDriver.over(a), 'a'), write(SqliteDriver.over(b), 'b')]);
      const rows = a.prepare(`SELECT key FROM store_meta WHERE key IN ('a', 'b') ORDER BY key`).all();
      expect(rows).toEqual([{ key: 'a' }, { key: 'b' }]);
    } finally {
      a.close();
      b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
