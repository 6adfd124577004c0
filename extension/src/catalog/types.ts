/** The service's catalog JSON (schemas/dataset.schema.json and the search and diff answers). */

export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'arrow' | 'parquet';
export type ColumnType = 'integer' | 'number' | 'boolean' | 'datetime' | 'string' | 'categorical';

export interface IDatasetHit {
  name: string;
  version: number;
  format: DatasetFormat;
  rows: number;
  bytes: number;
  tags: string[];
  owner: string;
  /** Plain text; the matched words are between « and ». */
  snippet: string;
  updatedAt: string;
}

export interface IColumnStatistics {
  count: number;
  missing: number;
  distinct: number;
  distinctExact: boolean;
  min?: number | string;
  max?: number | string;
  mean?: number;
  std?: number;
  quantiles?: Record<'p1' | 'p5' | 'p25' | 'p50' | 'p75' | 'p95' | 'p99', number>;
  top?: { value: string; count: number }[];
}

export type IHistogram =
  | { kind: 'numeric'; edges: number[]; counts: number[] }
  | { kind: 'categorical'; values: string[]; counts: number[]; other: number };

export interface IDatasetAnnotations {
  description: string;
  tags: string[];
  owner: string;
  columnNotes: Record<string, string>;
  notes: { time: string; author: string; text: string }[];
}

export interface IDatasetRecord {
  name: string;
  version: number;
  sha256: string;
  location: string;
  format: DatasetFormat;
  rows: number;
  bytes: number;
  schema: { name: string; type: ColumnType; nullable: boolean }[];
  statistics: Record<string, IColumnStatistics>;
  histograms: Record<string, IHistogram>;
  badRows?: { count: number; lines: number[] };
  annotations: IDatasetAnnotations;
  createdBy: string;
  createdAt: string;
  lineage: {
    producedBy: string | null;
    readBy: { runId: string; runName: string; experiment: string; startTime: string }[];
  };
  versions: {
    version: number;
    sha256: string;
    rows: number;
    bytes: number;
    createdAt: string;
    createdBy: string;
  }[];
}

export interface IColumnDrift {
  column: string;
  change: 'added' | 'removed' | 'retyped' | 'kept';
  typeFrom: ColumnType | null;
  typeTo: ColumnType | null;
  missingFrom: number | null;
  missingTo: number | null;
  meanShiftStd?: number;
  psi?: number;
  shares?: { value: string; from: number; to: number }[];
  drifted: boolean;
}

export interface IVersionDiff {
  name: string;
  from: number;
  to: number;
  rowsFrom: number;
  rowsTo: number;
  maxPsi: number;
  columns: IColumnDrift[];
}

export type DatasetChange = { type: 'dataset-changed'; name: string } | { type: string };

/** The code that loads a dataset version into a DataFrame (a magic, so it runs in batch too). */
export function loadCode(name: string, version: number): string {
  const variable = name.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1');
  return `%dataset load ${name}@${version} as ${variable}\n${variable}.head().print();`;
}
