// The scratch data of `npm run bench`: a generated CSV in a temporary folder, a PostgreSQL
// database for the team-store rows; each removed by the benchmark that made it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { json, rows } from './bench-report.mjs';
import { ROOT } from './steps.mjs';

/** A `count`-row × 10-numeric-column CSV (bench/p3-generate.js) in a scratch folder that `remove` deletes. */
export function generatedCsv(id, count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mlnb-${id.toLowerCase()}-`));
  const csv = path.join(dir, 'p3.csv');
  console.log(`${id}: generating a ${count}-row × 10-numeric-column CSV…`);
  const { bytes } = json(process.execPath, ['bench/p3-generate.js', csv, count]);
  return { csv, bytes, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A scratch PostgreSQL database for the team-store rows (bench/pg-database.js); null, with a row
 * saying why, when no server answers (MLNB_BENCH_POSTGRES names another server).
 */
export function postgresDatabase(id, name) {
  const made = spawnSync(process.execPath, ['bench/pg-database.js', 'create', name], {
    cwd: ROOT,
    encoding: 'utf8'
  });
  if (made.status !== 0) {
    rows.push({
      id,
      what: `${id} on PostgreSQL: not measured`,
      mlnb: made.stderr.trim(),
      competitor: '',
      ratio: '',
      goal: '',
      met: 'NO'
    });
    return null;
  }
  return JSON.parse(made.stdout).url;
}
export const dropDatabase = name =>
  spawnSync(process.execPath, ['bench/pg-database.js', 'drop', name], { cwd: ROOT });
