import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readVersion } from '../src/catalog/load';
import { registerFile } from '../src/catalog/register';
import { profileFile } from '../src/profile';
import { openStore } from '../src/store/engine/open';
import { MLFLOW_VENV } from './helpers/mlflow';
import { temporaryFolder } from './helpers/profile-files';

/**
 * Arrow files as pyarrow writes them by default (`feather.write_feather`, pandas' `to_feather`:
 * record batches compressed with LZ4), and with ZSTD: profiled and loaded as the same table
 * uncompressed. pyarrow is the one in .venv-mlflow, which `npm test`'s setup installs.
 */

const tmp = temporaryFolder();

const WRITE = `
import sys
import pyarrow as pa, pyarrow.feather as feather
n = 5000
table = pa.table({
    "id": pa.array(range(n), pa.int64()),
    "price": pa.array([None if i % 13 == 0 else i / 4 for i in range(n)], pa.float64()),
    "city": pa.array([["Oslo", "Lima", "Zürich"][i % 3] for i in range(n)]).dictionary_encode(),
    "note": pa.array([None if i % 7 == 0 else f"n{i % 50}" for i in range(n)], pa.large_string()),
    "at": pa.array([1_600_000_000_000_000 + i * 60_000_000 for i in range(n)], pa.timestamp("us")),
})
for name, compression in [("plain", "uncompressed"), ("lz4", None), ("zstd", "zstd")]:
    options = {} if compression is None else {"compression": compression}
    feather.write_feather(table, f"{sys.argv[1]}/{name}.arrow", chunksize=2000, **options)
`;

describe('compressed Arrow files (pyarrow)', () => {
  test('LZ4 (its default) and ZSTD profile and load as the file uncompressed', async () => {
    const dir = path.dirname(tmp.path('x'));
    execFileSync(path.join(MLFLOW_VENV, 'bin', 'python'), ['-c', WRITE, dir]);
    const file = (name: string) => path.join(dir, `${name}.arrow`);
    // Compressed indeed: pyarrow's default is not to leave them as they are.
    expect(fs.statSync(file('lz4')).size).toBeLessThan(fs.statSync(file('plain')).size / 2);
    const plain = await profileFile(file('plain'));
    expect(plain.rows).toBe(5000);
    const store = await openStore({ env: { MLNB_STORE: path.join(dir, 'store.db') } });
    try {
      const load = async (name: string) =>
        readVersion((await registerFile(store, file(name), { name, createdBy: 'test' })).record);
      const loaded = await load('plain');
      expect(loaded.city.slice(0, 3)).toEqual(['Oslo', 'Lima', 'Zürich']);
      for (const name of ['lz4', 'zstd']) {
        const profile = await profileFile(file(name));
        expect({ rows: profile.rows, columns: profile.columns }).toEqual({
          rows: plain.rows,
          columns: plain.columns
        });
        expect(await load(name)).toEqual(loaded);
      }
    } finally {
      await store.close();
    }
  });
});
