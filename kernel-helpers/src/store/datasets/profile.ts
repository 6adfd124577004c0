/**
 * The dataset profile record: what the catalog stores for each dataset version (profile/ computes
 * it; the store owns its shape).
 */

import type { ColumnStatistics, ColumnType, DatasetFormat, Histogram } from '../../contracts/dataset';

/**
 * The parts a profile shares with the dataset record come from the contracts. A `categorical`
 * column is a string column with few distinct values: exact distinct ≤ 100 and count ≥ 10 × distinct.
 */
export type {
  ColumnStatistics,
  ColumnType,
  DatasetFormat,
  Histogram,
  Quantiles
} from '../../contracts/dataset';

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
