import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWithCodeCache } from '../src/code-cache';
import { tempDir } from './helpers/env';

describe('code cache', () => {
  let dir: string;
  let cacheDir: string;
  let file: string;
  const source = (answer: number) =>
    `const helper = require('node:path');\nfunction work(n) { return n * ${answer}; }\n` +
    `module.exports = { answer: work(1), sep: helper.sep, self: __filename };\n`;
  const load = () => loadWithCodeCache(file, cacheDir);
  const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []);

  beforeEach(() => {
    dir = tempDir();
    cacheDir = path.join(dir, 'cache');
    file = path.join(dir, 'module.js');
    fs.writeFileSync(file, source(42));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the first load compiles and saves a cache; the next loads from it, with the same exports', () => {
    const first = load();
    expect(first.fromCache).toBe(false);
    expect(first.exports).toEqual({ answer: 42, sep: path.sep, self: file });
    first.save();
    expect(cacheFiles()).toHaveLength(1);

    const second = load();
    expect(second.fromCache).toBe(true);
    expect(second.exports).toEqual({ answer: 42, sep: path.sep, self: file });
    const written = fs.statSync(path.join(cacheDir, cacheFiles()[0])).mtimeMs;
    second.save(); // nothing to do: the cache was used
    expect(fs.statSync(path.join(cacheDir, cacheFiles()[0])).mtimeMs).toBe(written);
  });

  test('a changed module gets a new cache and the stale one goes', () => {
    load().save();
    const [stale] = cacheFiles();
    fs.writeFileSync(file, source(7));
    const changed = load();
    expect(changed.fromCache).toBe(false);
    expect(changed.exports).toMatchObject({ answer: 7 });
    changed.save();
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()[0]).not.toBe(stale);
  });

  test('a corrupt or truncated cache is ignored and rewritten', () => {
    load().save();
    const cache = path.join(cacheDir, cacheFiles()[0]);
    const good = fs.readFileSync(cache);
    for (const bad of [
      Buffer.concat([good.subarray(0, 100), Buffer.from('x'), good.subarray(101)]),
      good.subarray(0, 10)
    ]) {
      fs.writeFileSync(cache, bad);
      const loaded = load();
      expect(loaded.fromCache).toBe(false);
      expect(loaded.exports).toMatchObject({ answer: 42 });
      loaded.save();
      expect(load().fromCache).toBe(true);
    }
  });

  test('a cache folder that cannot be written only means no cache', () => {
    fs.writeFileSync(cacheDir, 'a file where the folder should be');
    const loaded = load();
    expect(() => loaded.save()).not.toThrow();
    expect(load().exports).toMatchObject({ answer: 42 });
  });
});
