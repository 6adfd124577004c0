// The report of `npm run bench`: each benchmark's JSON line read, one row per measure, the table
// printed at the end with the machine it ran on.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { ROOT } from './steps.mjs';

/** The last line of a benchmark's output, as JSON (its progress goes to stderr). */
export function json(command, args) {
  const out = execFileSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit']
  });
  return JSON.parse(out.trim().split('\n').pop());
}

export const rows = [];
/** One row; `met` null for a row with no goal. */
export const row = (id, what, mlnb, competitor, ratio, goal, met) =>
  rows.push({
    id,
    what,
    mlnb,
    competitor,
    ratio: ratio.toFixed(3),
    goal,
    met: met === null ? '-' : met ? 'yes' : 'NO'
  });
/**
 * A row timing mlnb against a competitor: the ratio is mlnb's time over theirs, met when at most
 * `most` (a string, as the goal column shows it); an `info` row shows no goal.
 */
export const timeRow = (id, what, oursMs, theirsMs, most, { info = false } = {}) =>
  row(
    id,
    what,
    `${oursMs.toFixed(0)} ms`,
    `${theirsMs.toFixed(0)} ms`,
    oursMs / theirsMs,
    info ? '(info)' : `<= ${most}`,
    info ? null : oursMs / theirsMs <= Number(most)
  );

/**
 * A row where mlnb is `speedup` times faster than the competitor (their time over ours, or our
 * throughput over theirs), met when at least `least`; an `info` row shows no goal.
 */
export const speedupRow = (id, what, mlnb, competitor, speedup, least, { info = false } = {}) =>
  row(id, what, mlnb, competitor, speedup, info ? '(info)' : `>= ${least}x`, info ? null : speedup >= least);

/** The rows as a table, then the machine (CPU model, cores, Node). */
export function printReport() {
  const headers = ['id', 'what', 'mlnb', 'competitor', 'ratio', 'goal', 'met'];
  const widths = headers.map(h => Math.max(h.length, ...rows.map(r => String(r[h]).length)));
  console.log(
    '\n' +
      [Object.fromEntries(headers.map(h => [h, h])), ...rows]
        .map(r => headers.map((h, i) => String(r[h]).padEnd(widths[i])).join('  '))
        .join('\n')
  );
  const cpu = spawnSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], {
    encoding: 'utf8'
  }).stdout.trim();
  console.log(`\nmachine: ${cpu || 'unknown CPU'}, ${os.cpus().length} cores, node ${process.versions.node}`);
}
