/**
 * The dataset profile record: what the catalog stores for each dataset version (profile/ computes
 * it; the store owns its shape).
 */

export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'arrow' | 'parquet';

/**
 * Inferred from every non-missing value of the column (not from a sample). `categorical` is a
 * string column with few distinct values: exact distinct ≤ 100 and count ≥ 10 × distinct.
 */
export type ColumnType = 'integer' | 'number' | 'boolean' | 'datetime' | 'string' | 'categorical';

export interface Quantiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

export interface ColumnStatistics {
  /** Non-missing values. */
  count: number;
  missing: number;
  distinct: number;
  /** False when estimated (HyperLogLog, above 16,384 distinct values). */
  distinctExact: boolean;
  /** Relative standard error of the estimate when not exact. */
  distinctError?: number;
  /** Numbers for numeric and boolean (0/1); ISO strings for datetime; for strings, by code point. */
  min?: number | string;
  max?: number | string;
  /** Numeric and boolean (as 0/1) only. */
  mean?: number;
  /** Sample standard deviation (divides by n − 1); numeric and boolean (as 0/1) only. */
  std?: number;
  /** Numeric and datetime (epoch ms) only; linear interpolation between ranks when exact. */
  quantiles?: Quantiles;
  quantilesExact?: boolean;
  /** When not exact: the largest distance, as a fraction of count, between a quantile's rank and the rank asked for (a bound, not an estimate). */
  quantileRankError?: number;
  /** Strings, categoricals and booleans: the most frequent values, most frequent first (up to 10). */
  top?: { value: string; count: number }[];
  /** False when a column had too many distinct values to count each one: counts are then lower bounds. */
  topExact?: boolean;
  /** When not exact: how much any top count may fall short of the true count. */
  topCountError?: number;
}

export type Histogram =
  /** edges.length = counts.length + 1; each bin holds [edge, next edge), the last one both ends. */
  | { kind: 'numeric'; edges: number[]; counts: number[] }
  | { kind: 'categorical'; values: string[]; counts: number[]; other: number };

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** True when the column has a missing value. */
  nullable: boolean;
  statistics: ColumnStatistics;
  histogram?: Histogram;
}

export interface DatasetProfile {
  format: DatasetFormat;
  /** Rows profiled (bad rows are not among them). */
  rows: number;
  bytes: number;
  /** Of the file's bytes, computed in the same pass (profileColumns: of a canonical CSV text). */
  sha256: string;
  columns: ColumnProfile[];
  /** CSV/TSV rows whose field count differs from the header's: left out of the statistics. */
  badRows?: { count: number; lines: number[] };
}
