import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * A V8 code cache for one big CommonJS module, made after the module did its work.
 *
 * v8-compile-cache saves a module's code right after loading it, which holds only what ran while
 * loading: TypeScript's parser, binder and checker are compiled again in every process. A cache
 * made once the work is done holds those too (about 0.15 s less per `mlnb run`).
 *
 * The cache file is named by what it was made from (the module's content, Node's version,
 * architecture and flags), so a change to any of them makes a new one; its payload is checksummed, since
 * V8 does not verify it. A missing, unreadable or rejected cache only means compiling as usual.
 */
export interface CodeCache {
  /** The module's exports. */
  readonly exports: unknown;
  /** Whether the module was compiled from its cache. */
  readonly fromCache: boolean;
  /** Writes the cache when the module was compiled without a usable one; never throws. */
  save(): void;
}

const CHECKSUM_BYTES = 20; // sha1

/** Where the caches live: the user's cache folder ($XDG_CACHE_HOME or ~/.cache); null: none. */
export function codeCacheDir(): string | null {
  let home = process.env.XDG_CACHE_HOME;
  try {
    home ||= path.join(os.homedir(), '.cache');
  } catch {
    return null; // no home folder: no cache
  }
  return path.isAbsolute(home) ? path.join(home, 'mlnb', 'code-cache') : null;
}

/**
 * Loads `file` into require's module cache (so later `require`s of it get this instance),
 * compiled from its code cache when a valid one exists.
 */
export function loadWithCodeCache(file: string, dir = codeCacheDir()): CodeCache {
  const bytes = fs.readFileSync(file);
  // V8 rejects a cache made under other flags (e.g. --max-semi-space-size): processes started
  // with other flags keep their own cache, named by a hash of the runtime, then of the content.
  const runtime = [process.version, process.arch, ...process.execArgv].join(' ');
  const flavor = createHash('sha1').update(runtime).digest('hex').slice(0, 12);
  const content = createHash('sha1').update(bytes).digest('hex');
  const cacheFile = dir && path.join(dir, `${path.basename(file, '.js')}-${flavor}-${content}.bin`);
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const source = bytes.toString('utf8').replace(/^\uFEFF/, ''); // as Node's loader: no BOM
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  require.cache[file] = module;

  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  let saved = fromCache;
  return {
    exports: module.exports,
    fromCache,
    save() {
      if (!saved && cacheFile) {
        saved = true;
        writeCache(cacheFile, () => script.createCachedData());
      }
    }
  };
}

function readCache(file: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const payload = data.subarray(CHECKSUM_BYTES);
  const valid = data.length > CHECKSUM_BYTES && sha1(payload).equals(data.subarray(0, CHECKSUM_BYTES));
  return valid ? payload : undefined;
}

/** Writes atomically (concurrent runs may write the same cache); stale ones of the module go. */
function writeCache(file: string, cachedData: () => Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 }); // first: no folder, no work
    const payload = cachedData();
    fs.writeFileSync(temp, Buffer.concat([sha1(payload), payload]), { mode: 0o600 });
    fs.renameSync(temp, file);
    const prefix = path.basename(file).replace(/[0-9a-f]+\.bin$/, ''); // same module and runtime
    for (const name of fs.readdirSync(path.dirname(file))) {
      if (name.startsWith(prefix) && name.endsWith('.bin') && name !== path.basename(file)) {
        fs.rmSync(path.join(path.dirname(file), name), { force: true });
      }
    }
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the next run compiles as usual and tries again.
    }
  }
}

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}
