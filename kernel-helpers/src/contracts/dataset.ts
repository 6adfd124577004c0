// Generated from schemas/dataset.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'arrow' | 'parquet';

export type ColumnType = 'integer' | 'number' | 'boolean' | 'datetime' | 'string' | 'categorical';

/**
 * For numeric columns, edges.length = counts.length + 1 and each bin holds [edge, next edge), the last one both ends
 */
export type Histogram =
  | {
      kind: 'numeric';
      edges: number[];
      counts: number[];
    }
  | {
      kind: 'categorical';
      values: string[];
      counts: number[];
      other: number;
    };

/**
 * One version of a catalog dataset: where it lives, what it holds (schema, statistics, histograms), what people wrote about it, and which runs produced and read it. Annotations belong to the dataset name and are shared by all its versions.
 */
export interface DatasetRecord {
  /**
   * Letters, digits, '_', '.', '-'; starts with a letter or digit
   */
  name: string;
  /**
   * 1, 2, 3… per name; new content, new version
   */
  version: number;
  sha256: string;
  /**
   * The file the version was profiled from, or its stored copy when registered from a DataFrame
   */
  location: string;
  format: DatasetFormat;
  rows: number;
  bytes: number;
  schema: SchemaColumn[];
  /**
   * Per column name
   */
  statistics: {
    [k: string]: ColumnStatistics;
  };
  /**
   * Per column name; a column with no values has none
   */
  histograms: {
    [k: string]: Histogram;
  };
  badRows?: BadRows;
  annotations: DatasetAnnotations;
  createdBy: string;
  createdAt: string;
  lineage: DatasetLineage;
  /**
   * Every version of this name, newest first
   */
  versions: DatasetVersionSummary[];
}

export interface SchemaColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

export interface ColumnStatistics {
  /**
   * Non-missing values
   */
  count: number;
  missing: number;
  distinct: number;
  /**
   * False when estimated (HyperLogLog, above 16,384 distinct values)
   */
  distinctExact: boolean;
  /**
   * Relative standard error of the estimate when not exact
   */
  distinctError?: number;
  /**
   * Numbers for numeric and boolean (0/1); ISO strings for datetime; for strings, by code point
   */
  min?: number | string;
  max?: number | string;
  /**
   * Numeric and boolean (as 0/1) only
   */
  mean?: number;
  /**
   * Sample standard deviation (divides by n − 1); numeric and boolean (as 0/1) only
   */
  std?: number;
  quantiles?: Quantiles;
  quantilesExact?: boolean;
  /**
   * When not exact: the largest distance, as a fraction of count, between a quantile's rank and the rank asked for (a bound, not an estimate)
   */
  quantileRankError?: number;
  /**
   * False when a column had too many distinct values to count each one: counts are then lower bounds
   */
  topExact?: boolean;
  /**
   * When not exact: how much any top count may fall short of the true count
   */
  topCountError?: number;
  /**
   * Strings, categoricals and booleans: the most frequent values, most frequent first (up to 10)
   */
  top?: {
    value: string;
    count: number;
  }[];
}

/**
 * Numeric and datetime (epoch ms) only; linear interpolation between ranks when exact
 */
export interface Quantiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

/**
 * Rows that did not have the header's number of fields; they are counted, not profiled
 */
export interface BadRows {
  count: number;
  /**
   * The first 20, 1-based
   */
  lines: number[];
}

export interface DatasetAnnotations {
  /**
   * Markdown; shown sanitized
   */
  description: string;
  tags: string[];
  owner: string;
  columnNotes: {
    [k: string]: string;
  };
  notes: DatasetNote[];
}

export interface DatasetNote {
  time: string;
  author: string;
  text: string;
}

export interface DatasetLineage {
  /**
   * The run that registered this version, when registered from a notebook or job
   */
  producedBy: string | null;
  /**
   * Runs that loaded this version, newest first (at most 100)
   */
  readBy: DatasetReader[];
}

export interface DatasetReader {
  runId: string;
  runName: string;
  experiment: string;
  startTime: string;
}

export interface DatasetVersionSummary {
  version: number;
  sha256: string;
  rows: number;
  bytes: number;
  createdAt: string;
  createdBy: string;
}
