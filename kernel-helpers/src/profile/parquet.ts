import { connect, messageOf, quoteName, quoteText } from '../catalog/duckdb';
import { CATEGORICAL_MAX_DISTINCT, CATEGORICAL_MIN_REPEATS } from './column';
import { ProfileError } from './errors';
import { exactParts } from './numeric';
import type { ColumnProfile, ColumnStatistics, ColumnType } from './types';

/** Numeric columns with at most this many distinct values get them with their counts (exact). */
const PAIRS_LIMIT = 1_000_000;
const TOP = 10;
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const QUANTILE_NAMES = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

type Family = 'integer' | 'number' | 'datetime' | 'boolean' | 'text';

interface Column {
  name: string;
  family: Family;
  /** The SQL of the column's value: a double for numbers, dates (epoch ms) and booleans; else text. */
  value: string;
}

function familyOf(duckType: string): Family {
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(duckType)
  ) {
    return 'integer';
  }
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(duckType)) {
    return 'number';
  }
  if (/^(DATE|TIMESTAMP)/.test(duckType)) {
    return 'datetime';
  }
  return duckType === 'BOOLEAN' ? 'boolean' : 'text';
}

function columnOf(name: string, duckType: string): Column {
  const family = familyOf(duckType);
  const c = quoteName(name);
  const value =
    family === 'datetime'
      ? `epoch_ms(CAST(${c} AS TIMESTAMP))::DOUBLE`
      : family === 'text'
        ? `CAST(${c} AS VARCHAR)`
        : `CAST(${c} AS DOUBLE)`;
  return { name, family, value };
}

/**
 * Profiles a Parquet file inside DuckDB, reading it in place by row group on all cores: the same
 * statistics as the streaming profile, all exact. One scan for counts, distinct counts and
 * moments; a second for each numeric column's distinct values with their counts (quantiles and
 * histogram follow from them exactly, as for CSV columns under 16,384 distinct values) and each
 * text column's most frequent values. A numeric column of more than a million distinct values
 * gets DuckDB's exact quantiles and its histogram counted in SQL instead.
 */
export async function profileParquet(
  file: string,
  bins: number
): Promise<{ rows: number; columns: ColumnProfile[] }> {
  const connection = await connect();
  try {
    const source = `read_parquet(${quoteText(file)})`;
    let described;
    try {
      described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
    } catch (error) {
      throw new ProfileError(`${file} is not a readable Parquet file: ${messageOf(error)}`);
    }
    const columns = described.map(row => columnOf(String(row.column_name), String(row.column_type)));
    const run = async (sql: string) => {
      try {
        return (await connection.runAndReadAll(sql)).getRowsJS();
      } catch (error) {
        throw new ProfileError(`${file}: ${messageOf(error)}`);
      }
    };
    const first = await run(`SELECT count(*), ${columns.map(firstPassOf).join(', ')} FROM ${source}`);
    const [rows, ...stats] = first[0].map(v => (typeof v === 'bigint' ? Number(v) : v)) as (
      number | string | null
    )[];
    const summaries = columns.map((column, i) => {
      const [count, distinct, min, max, mean, std] = stats.slice(i * 6, i * 6 + 6);
      return { column, count: count as number, distinct: distinct as number, min, max, mean, std };
    });
    const details = await secondPass(source, summaries, bins, run);
    return {
      rows: rows as number,
      columns: summaries.map((s, i) => profileOf(s, details[i], rows as number, bins))
    };
  } finally {
    connection.closeSync();
  }
}

function firstPassOf({ name, family, value }: Column): string {
  const c = quoteName(name);
  const moments =
    family === 'text'
      ? `min(${value}), max(${value}), NULL, NULL`
      : `min(${value}), max(${value}), avg(${value}), stddev_samp(${value})`;
  return `count(${c}), count(DISTINCT ${c}), ${moments}`;
}

interface Summary {
  column: Column;
  count: number;
  distinct: number;
  min: unknown;
  max: unknown;
  mean: unknown;
  std: unknown;
}

interface Details {
  /** Numeric: distinct values (ascending) and their counts. */
  values?: Float64Array;
  counts?: Float64Array;
  /** Numeric past PAIRS_LIMIT: quantiles and histogram counts from SQL. */
  quantiles?: number[];
  bins?: number[];
  /** Text and booleans: the most frequent values. */
  top?: { value: string; count: number }[];
}

async function secondPass(
  source: string,
  summaries: Summary[],
  bins: number,
  run: (sql: string) => Promise<unknown[][]>
): Promise<Details[]> {
  const details: Details[] = summaries.map(() => ({}));
  const parts: string[] = [];
  const large: number[] = [];
  summaries.forEach(({ column, count, distinct }, i) => {
    if (count === 0) {
      return;
    }
    if (column.family === 'text' || column.family === 'boolean') {
      const text = column.family === 'boolean' ? `CAST(${quoteName(column.name)} AS VARCHAR)` : column.value;
      parts.push(
        `(SELECT ${i} AS i, ${text} AS t, NULL::DOUBLE AS v, count(*) AS n FROM ${source} WHERE ${text} IS NOT NULL ` +
          `GROUP BY t ORDER BY n DESC, t LIMIT ${Math.max(bins, TOP)})`
      );
    } else if (distinct <= PAIRS_LIMIT) {
      parts.push(
        `(SELECT ${i} AS i, NULL AS t, ${column.value} AS v, count(*) AS n FROM ${source} WHERE ${column.value} IS NOT NULL GROUP BY v)`
      );
    } else {
      large.push(i);
    }
  });
  if (parts.length) {
    const rows = await run(`SELECT i, t, v, n FROM (${parts.join(' UNION ALL ')}) ORDER BY i, v, n DESC, t`);
    const byColumn = new Map<number, unknown[][]>();
    for (const row of rows) {
      const i = Number(row[0]);
      const group = byColumn.get(i);
      if (group) {
        group.push(row);
      } else {
        byColumn.set(i, [row]);
      }
    }
    for (const [i, group] of byColumn) {
      if (group[0][1] !== null) {
        details[i].top = group
          .map(r => ({ value: String(r[1]), count: Number(r[3]) }))
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      } else {
        details[i].values = Float64Array.from(group, r => Number(r[2]));
        details[i].counts = Float64Array.from(group, r => Number(r[3]));
      }
    }
  }
  for (const i of large) {
    const { column, min, max } = summaries[i];
    const [lo, hi] =
      (min as number) === (max as number)
        ? [(min as number) - 0.5, (max as number) + 0.5]
        : [min as number, max as number];
    const [quantiles] = await run(
      `SELECT quantile_cont(${column.value}, [${QUANTILES.join(', ')}]) FROM ${source}`
    );
    const counted = await run(
      `SELECT least(${bins - 1}, floor((${column.value} - ${lo}) * ${bins} / (${hi - lo})))::INTEGER AS b, count(*) ` +
        `FROM ${source} WHERE ${column.value} IS NOT NULL GROUP BY b`
    );
    const histogram = new Array<number>(bins).fill(0);
    for (const [b, n] of counted) {
      histogram[Number(b)] += Number(n);
    }
    details[i] = { quantiles: quantiles[0] as number[], bins: histogram };
  }
  return details;
}

function profileOf(summary: Summary, details: Details, rows: number, bins: number): ColumnProfile {
  const { column, count, distinct } = summary;
  const type: ColumnType =
    column.family !== 'text'
      ? column.family
      : distinct <= CATEGORICAL_MAX_DISTINCT && count >= CATEGORICAL_MIN_REPEATS * distinct && count > 0
        ? 'categorical'
        : 'string';
  const statistics: ColumnStatistics = { count, missing: rows - count, distinct, distinctExact: true };
  const profile: ColumnProfile = { name: column.name, type, nullable: rows > count, statistics };
  if (count === 0) {
    return profile;
  }
  if (column.family === 'text') {
    statistics.min = summary.min as string;
    statistics.max = summary.max as string;
  } else {
    const iso = (t: number) => new Date(t).toISOString();
    const [min, max] = [summary.min as number, summary.max as number];
    statistics.min = type === 'datetime' ? iso(min) : min;
    statistics.max = type === 'datetime' ? iso(max) : max;
    if (type !== 'datetime') {
      statistics.mean = summary.mean as number;
      if (summary.std !== null) {
        statistics.std = summary.std as number;
      }
    }
    if (type !== 'boolean') {
      if (details.values && details.counts) {
        const parts = exactParts(details.values, details.counts, count, min, max, bins);
        statistics.quantiles = parts.quantiles;
        profile.histogram = { kind: 'numeric', edges: parts.edges, counts: parts.counts };
      } else {
        statistics.quantiles = Object.fromEntries(
          QUANTILE_NAMES.map((name, q) => [name, details.quantiles![q]])
        ) as unknown as ColumnStatistics['quantiles'];
        const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
        const edges = Array.from({ length: bins + 1 }, (_, b) =>
          b === bins ? hi : lo + (b * (hi - lo)) / bins
        );
        profile.histogram = { kind: 'numeric', edges, counts: details.bins! };
      }
      statistics.quantilesExact = true;
    }
  }
  if (details.top) {
    statistics.top = details.top.slice(0, TOP);
    statistics.topExact = true;
    const shown = details.top.slice(0, bins);
    profile.histogram = {
      kind: 'categorical',
      values: shown.map(v => v.value),
      counts: shown.map(v => v.count),
      other: count - shown.reduce((sum, v) => sum + v.count, 0)
    };
  }
  return profile;
}
