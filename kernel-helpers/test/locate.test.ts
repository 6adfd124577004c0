import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateStore } from '../src/store/engine/locate';
import { tempDir } from './helpers/env';

describe('locateStore', () => {
  let root: string;
  beforeEach(() => (root = tempDir()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('MLNB_STORE wins, resolved against the working folder', () => {
    fs.mkdirSync(path.join(root, '.mlnb'));
    const where = locateStore({ cwd: root, env: { MLNB_STORE: 'stores/team.db' } });
    expect(where).toMatchObject({
      engine: 'sqlite',
      target: path.join(root, 'stores', 'team.db'),
      reason: 'MLNB_STORE'
    });
  });

  test('a PostgreSQL URL in MLNB_STORE is recognised and its password is masked for display', () => {
    const where = locateStore({ env: { MLNB_STORE: 'postgres://ana:s3cret@db:5432/mlnb' } });
    expect(where.engine).toBe('postgres');
    expect(where.target).toContain('s3cret');
    expect(where.display).not.toContain('s3cret');
  });

  test('the nearest ancestor with .mlnb/ is found, like git finds .git', () => {
    fs.mkdirSync(path.join(root, '.mlnb'));
    fs.mkdirSync(path.join(root, 'project', '.mlnb'), { recursive: true });
    fs.mkdirSync(path.join(root, 'project', 'notebooks', 'deep'), { recursive: true });
    const where = locateStore({ cwd: path.join(root, 'project', 'notebooks', 'deep'), env: {}, home: root });
    expect(where).toMatchObject({
      target: path.join(root, 'project', '.mlnb', 'store.db'),
      reason: 'workspace'
    });
  });

  test('without any .mlnb/ above, the home store is used and nothing is created', () => {
    const home = path.join(root, 'home');
    const where = locateStore({ cwd: path.join(root, 'work'), env: {}, home });
    expect(where).toMatchObject({ target: path.join(home, '.mlnb', 'store.db'), reason: 'home' });
    expect(fs.existsSync(home)).toBe(false);
  });

  test('createAt makes a workspace store when none exists above', () => {
    const where = locateStore({ cwd: root, env: {}, createAt: root, home: path.join(root, 'home') });
    expect(where).toMatchObject({ target: path.join(root, '.mlnb', 'store.db'), reason: 'created' });
    expect(fs.statSync(path.join(root, '.mlnb')).isDirectory()).toBe(true);
  });
});
