import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { thisHost } from '../src/store/engine/liveness';
import { locateStore } from '../src/store/engine/locate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/store/engine/migrations';
import { openStore } from '../src/store/engine/open';
import { StoreError } from '../src/store/engine/store';
import { createTestStore, Engine, ENGINES, queryStore, TestStore } from './helpers/engines';
import { PACKAGE_DIR, runCli, tempDir, withTempDir } from './helpers/env';
import { runNode } from './helpers/node';
import { newRun } from './helpers/store';

/** What every engine promises: migrations, identity, refusing a newer schema, the CLI. */
describe.each(ENGINES)('the %s store', (engine: Engine) => {
  let dir: string;
  let made: TestStore;
  beforeEach(async () => {
    dir = tempDir();
    made = await createTestStore(engine, path.join(dir, 'nested'));
  });
  afterEach(async () => {
    await made.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const locate = () => locateStore({ env: { MLNB_STORE: made.target } });
  const migrations = async (): Promise<number> => {
    if (engine === 'postgres') {
      return Number((await queryStore(made.target, 'SELECT count(*) AS n FROM schema_migrations'))[0].n);
    }
    const db = new Database(made.target, { readonly: true });
    const row = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    db.close();
    return row.n;
  };

  test('is created with every migration applied, and keeps its identity when reopened', async () => {
    const first = await openStore(locate());
    const info = await first.info();
    await first.close();
    expect(info).toMatchObject({ engine, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await migrations()).toBe(MIGRATIONS.length);
    const second = await openStore(locate());
    expect((await second.info()).id).toBe(info.id);
    expect(await second.check()).toEqual({ ok: true, problems: [] });
    await second.close();
  });

  test('opening the store marks killed the runs whose process died, here by pid, elsewhere by heartbeat', async () => {
    const store = await openStore(locate());
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid that has exited
    const started = Date.now() - 10 * 60_000;
    const run = (id: string, host: string, pid: number) =>
      store.runs.create({
        id,
        experiment: 'e',
        name: id,
        source: 'batch',
        jobId: null,
        user: 'u',
        host,
        pid,
        startTime: started,
        code: { git: null, notebook: null },
        environment: {} as never
      });
    await run('gone', thisHost(), dead);
    await run('alive', thisHost(), process.pid);
    await run('silent', 'other-host', 1);
    await run('beating', 'other-host', 1);
    await store.runs.heartbeat(['beating'], Date.now());
    await store.close();

    const reopened = await openStore(locate());
    try {
      const status = async (id: string) => (await reopened.runs.get(id))!.status;
      expect(await status('gone')).toBe('killed');
      expect(await status('silent')).toBe('killed');
      expect(await status('alive')).toBe('running');
      expect(await status('beating')).toBe('running');
    } finally {
      await reopened.close();
    }
  });

  test("a series' latest value is its highest step, whatever order and batches the points come in", async () => {
    const store = await openStore(locate());
    try {
      await store.runs.create(newRun({ id: 'r', host: thisHost() }));
      const point = (key: string, step: number, value: number) => ({ key, step, value, time: 1 });
      // One batch: steps out of order, and a step logged twice (the later point wins).
      await store.runs.logMetrics('r', [
        point('loss', 2, 0.2),
        point('loss', 5, 0.5),
        point('loss', 1, 0.1),
        point('acc', 3, 0.3),
        point('acc', 3, 0.33)
      ]);
      // A later batch with lower steps leaves the latest alone; a higher step replaces it.
      await store.runs.logMetrics('r', [point('loss', 4, 0.4), point('acc', 7, 0.7)]);
      const [summary] = await store.runs.list();
      expect(summary.latestMetrics).toEqual({ loss: 0.5, acc: 0.7 });
      expect((await store.runs.get('r'))!.metrics.loss.map(p => p.step)).toEqual([1, 2, 4, 5]);
    } finally {
      await store.close();
    }
  });

  test('six processes creating the same store at once migrate it exactly once', async () => {
    const script = `require(${JSON.stringify(path.join(PACKAGE_DIR, 'dist', 'store', 'engine', 'open.js'))})
      .openStore().then(s => s.info().then(i => (console.log(i.id), s.close())))`;
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => runNode(script, [], { MLNB_STORE: made.target }))
    );
    expect(new Set(ids.map(id => id.trim())).size).toBe(1);
    expect(await migrations()).toBe(MIGRATIONS.length);
  });

  test('mlnb store migrate and check report on the located store', () => {
    const env = { MLNB_STORE: made.target };
    const migrate = runCli(['store', 'migrate'], { env });
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toContain(`schema version ${LATEST_SCHEMA_VERSION}`);
    expect(migrate.status).toBe(0);
    const check = runCli(['store', 'check'], { env });
    expect(check.status).toBe(0);
    expect(check.stdout).toContain(': ok');
  });
});

/** What only the file engine has: WAL, user_version, a file that is not a database. */
describe('the SQLite store file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'nested', 'store.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const locate = () => locateStore({ env: { MLNB_STORE: file } });

  test('is created with every migration applied, in WAL mode', async () => {
    const store = await openStore(locate());
    const info = await store.info();
    await store.close();
    expect(info).toMatchObject({ engine: 'sqlite', location: file, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(applied).toHaveLength(MIGRATIONS.length);
  });

  test('refuses a store written by a newer mlnb and leaves it untouched', async () => {
    const store = await openStore(locate());
    await store.close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    const before = fs.readFileSync(file);
    await expect(openStore(locate())).rejects.toThrow(StoreError);
    await expect(openStore(locate())).rejects.toThrow(/newer than this mlnb understands/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  test('a file that is not a database gives a clear error and is not overwritten', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'these are my notes, not a database');
    await expect(openStore(locate())).rejects.toThrow(/Cannot use the store .*store\.db/);
    expect(fs.readFileSync(file, 'utf8')).toBe('these are my notes, not a database');
  });
});

describe('mlnb runs list', () => {
  test('--filter uses the panel’s search; a malformed filter (with its column) or an unknown run id is exit 2', () =>
    withTempDir(async dir => {
      const file = path.join(dir, 'store.db');
      const store = await openStore(locateStore({ env: { MLNB_STORE: file } }));
      const { RunRecorder } = await import('../src/capture/recorder');
      for (const [name, acc] of [
        ['low', 0.2],
        ['high', 0.9]
      ] as const) {
        const recorder = new RunRecorder({
          cwd: dir,
          source: 'batch',
          notebookPath: path.join(dir, 'nb', 'train.ipynb'),
          store
        });
        recorder.ensureRun(name);
        recorder.log({ acc });
        await recorder.finish('finished');
      }
      await store.close();
      const listed = runCli(
        ['runs', 'list', '--json', '--filter', 'metrics.acc > 0.5', '--experiment', 'nb/train.ipynb'],
        {
          env: { MLNB_STORE: file }
        }
      );
      expect(listed.status).toBe(0);
      expect(JSON.parse(listed.stdout).map((r: { name: string }) => r.name)).toEqual(['high']);
      const bad = runCli(['runs', 'list', '--filter', 'metrics.acc >'], { env: { MLNB_STORE: file } });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('(at column 14)');
      // An unknown run is a bad name, like every other unknown name: exit code 2.
      const unknown = runCli(['runs', 'show', 'no-such-run'], { env: { MLNB_STORE: file } });
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('mlnb: no run has the id no-such-run');
    }));
});
