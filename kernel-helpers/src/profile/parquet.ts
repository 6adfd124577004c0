import type { DuckDBConnection } from '@duckdb/node-api';
import { connect, messageOf, quoteName, quoteText } from '../catalog/duckdb';
import { isCategorical } from './kinds';
import { ProfileError } from './errors';
import { exactParts } from './numeric';
import type { ColumnProfile, ColumnType, Quantiles } from './types';

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
      ? // Timestamps (with a time zone too) as they are: a cast to TIMESTAMP would use the local zone.
        `epoch_ms(${duckType === 'DATE' ? `CAST(${c} AS TIMESTAMP)` : c})::DOUBLE`
      : family === 'text'
        ? `CAST(${c} AS VARCHAR)`
        : `CAST(${c} AS DOUBLE)`;
  return { name, family, value };
}

/**
 * Profiles a Parquet file inside DuckDB, which reads it in place, by row group, on all cores:
 * the same statistics as the streaming profile, all exact. One query groups each column by
 * value: a numeric, datetime or boolean column hands back its distinct values with their counts
 * (count, distinct, min, max, mean, std, quantiles and histogram follow from them exactly, as
 * for CSV columns under 16,384 distinct values); a text column its most frequent values, with
 * its distinct count and least and greatest text. A numeric column of more than a million
 * distinct values is summarized in SQL instead (DuckDB's exact quantiles, histogram by bin).
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
    const top = Math.max(bins, TOP);
    // Text columns: their most frequent values, each row with the distinct and non-missing counts.
    const textParts = [
      `(SELECT -1 AS i, NULL AS t, count(*) AS n, NULL AS lo, NULL AS hi, NULL::BIGINT AS groups, NULL::HUGEINT AS total FROM ${source})`
    ];
    // Numeric columns: every distinct value with its count (up to PAIRS_LIMIT + 1 of them).
    const numericParts: string[] = [];
    columns.forEach(({ family, value }, i) => {
      if (family === 'text') {
        textParts.push(
          `(SELECT ${i}, t, n, lo, hi, groups, total FROM (SELECT ${value} AS t, count(*) AS n, ` +
            `count(*) OVER () AS groups, min(t) OVER () AS lo, max(t) OVER () AS hi, sum(count(*)) OVER () AS total ` +
            `FROM ${source} WHERE t IS NOT NULL GROUP BY t) ORDER BY n DESC, t LIMIT ${top})`
        );
      } else {
        numericParts.push(
          `(SELECT ${i}::INTEGER AS i, v, n::DOUBLE AS n FROM (SELECT ${value} AS v, count(*) AS n FROM ${source} ` +
            `WHERE v IS NOT NULL GROUP BY v LIMIT ${PAIRS_LIMIT + 1}))`
        );
      }
    });
    const texts = await run(`SELECT * FROM (${textParts.join(' UNION ALL ')}) ORDER BY i`);
    const rows = Number(texts.find(r => r[0] === -1)![2]);
    const pairs = numericParts.length
      ? await pairsOf(connection, `SELECT * FROM (${numericParts.join(' UNION ALL ')}) ORDER BY i, v`, file)
      : new Map<number, Pairs>();
    const profiles: ColumnProfile[] = [];
    for (const [i, column] of columns.entries()) {
      const group = pairs.get(i) ?? { values: new Float64Array(0), counts: new Float64Array(0) };
      if (column.family === 'text') {
        profiles.push(
          textProfile(
            column,
            texts.filter(r => r[0] === i),
            rows,
            bins
          )
        );
      } else if (group.values.length <= PAIRS_LIMIT) {
        profiles.push(numericProfile(column, group, rows, bins));
      } else {
        profiles.push(await largeProfile(column, source, rows, bins, run));
      }
    }
    return { rows, columns: profiles };
  } finally {
    connection.closeSync();
  }
}

interface Pairs {
  values: Float64Array;
  counts: Float64Array;
}

/**
 * Each numeric column's distinct values (ascending: the query sorts them) with their counts,
 * read straight from DuckDB's vectors into typed arrays: converting a few hundred thousand rows
 * to JS arrays first took several times as long as the query.
 */
async function pairsOf(connection: DuckDBConnection, sql: string, file: string): Promise<Map<number, Pairs>> {
  let result;
  try {
    result = await connection.run(sql);
  } catch (error) {
    throw new ProfileError(`${file}: ${messageOf(error)}`);
  }
  const total = Number(result.rowCount);
  const [columns, values, counts] = [new Int32Array(total), new Float64Array(total), new Float64Array(total)];
  let at = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const [i, v, n] = [0, 1, 2].map(j => chunk.getColumnVector(j));
    for (let k = 0; k < chunk.rowCount; k++, at++) {
      columns[at] = i.getItem(k) as number;
      values[at] = v.getItem(k) as number;
      counts[at] = n.getItem(k) as number;
    }
  }
  const byColumn = new Map<number, Pairs>();
  for (let start = 0; start < total;) {
    let end = start;
    while (end < total && columns[end] === columns[start]) {
      end++;
    }
    byColumn.set(columns[start], {
      values: values.subarray(start, end),
      counts: counts.subarray(start, end)
    });
    start = end;
  }
  return byColumn;
}

function base(
  column: Column,
  type: ColumnType,
  count: number,
  distinct: number,
  rows: number
): ColumnProfile {
  return {
    name: column.name,
    type,
    nullable: rows > count,
    statistics: { count, missing: rows - count, distinct, distinctExact: true }
  };
}

function textProfile(column: Column, group: unknown[][], rows: number, bins: number): ColumnProfile {
  // The most frequent values, each row also holding the column's distinct and non-missing counts.
  const distinct = group.length ? Number(group[0][5]) : 0;
  const count = group.length ? Number(group[0][6]) : 0;
  const values = group
    .map(r => ({ value: String(r[1]), count: Number(r[2]) }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  const profile = base(
    column,
    isCategorical(count, distinct) ? 'categorical' : 'string',
    count,
    distinct,
    rows
  );
  if (count > 0) {
    profile.statistics.min = String(group[0][3]);
    profile.statistics.max = String(group[0][4]);
    withTop(profile, values, count, bins);
  }
  return profile;
}

function withTop(
  profile: ColumnProfile,
  values: { value: string; count: number }[],
  count: number,
  bins: number
) {
  profile.statistics.top = values.slice(0, TOP);
  profile.statistics.topExact = true;
  const shown = values.slice(0, bins);
  profile.histogram = {
    kind: 'categorical',
    values: shown.map(v => v.value),
    counts: shown.map(v => v.count),
    other: count - shown.reduce((sum, v) => sum + v.count, 0)
  };
}

function numericProfile(
  column: Column,
  { values, counts }: Pairs,
  rows: number,
  bins: number
): ColumnProfile {
  let count = 0;
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    count += counts[k];
    sum += values[k] * counts[k];
  }
  const type = column.family as ColumnType;
  const profile = base(column, type, count, values.length, rows);
  if (count === 0) {
    return profile;
  }
  const mean = sum / count;
  let squares = 0;
  for (let k = 0; k < values.length; k++) {
    squares += (values[k] - mean) ** 2 * counts[k];
  }
  const [min, max] = [values[0], values[values.length - 1]];
  const statistics = profile.statistics;
  withMoments(profile, min, max, mean, count > 1 ? Math.sqrt(squares / (count - 1)) : null);
  if (type === 'boolean') {
    const named = Array.from(values, (v, k) => ({ value: v === 1 ? 'true' : 'false', count: counts[k] }));
    withTop(
      profile,
      named.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      count,
      bins
    );
  } else {
    const parts = exactParts(values, counts, count, min, max, bins);
    statistics.quantiles = parts.quantiles;
    statistics.quantilesExact = true;
    profile.histogram = { kind: 'numeric', edges: parts.edges, counts: parts.counts };
  }
  return profile;
}

function withMoments(profile: ColumnProfile, min: number, max: number, mean: number, std: number | null) {
  const statistics = profile.statistics;
  const datetime = profile.type === 'datetime';
  statistics.min = datetime ? new Date(min).toISOString() : min;
  statistics.max = datetime ? new Date(max).toISOString() : max;
  if (!datetime) {
    statistics.mean = mean;
    if (std !== null) {
      statistics.std = std;
    }
  }
}

/** A numeric column of more than PAIRS_LIMIT distinct values: summarized in SQL, still exact. */
async function largeProfile(
  column: Column,
  source: string,
  rows: number,
  bins: number,
  run: (sql: string) => Promise<unknown[][]>
): Promise<ColumnProfile> {
  const v = column.value;
  const [[count, distinct, min, max, mean, std, quantiles]] = await run(
    `SELECT count(${v}), count(DISTINCT ${v}), min(${v}), max(${v}), avg(${v}), stddev_samp(${v}), ` +
      `quantile_cont(${v}, [${QUANTILES.join(', ')}]) FROM ${source}`
  );
  const profile = base(column, column.family as ColumnType, Number(count), Number(distinct), rows);
  const [lo, hi] =
    min === max ? [(min as number) - 0.5, (max as number) + 0.5] : [min as number, max as number];
  const counted = await run(
    `SELECT least(${bins - 1}, floor((${v} - ${lo}) * ${bins} / ${hi - lo}))::INTEGER AS b, count(*) ` +
      `FROM ${source} WHERE ${v} IS NOT NULL GROUP BY b`
  );
  const counts = new Array<number>(bins).fill(0);
  for (const [b, n] of counted) {
    counts[Number(b)] += Number(n);
  }
  withMoments(profile, min as number, max as number, mean as number, std as number | null);
  profile.statistics.quantiles = Object.fromEntries(
    QUANTILE_NAMES.map((name, q) => [name, (quantiles as number[])[q]])
  ) as unknown as Quantiles;
  profile.statistics.quantilesExact = true;
  const edges = Array.from({ length: bins + 1 }, (_, b) => (b === bins ? hi : lo + (b * (hi - lo)) / bins));
  profile.histogram = { kind: 'numeric', edges, counts };
  return profile;
}
