/** The service's catalog JSON: the contracts generated from schemas/ (dataset, api). */
import type {
  ColumnType,
  DatasetAnnotations,
  DatasetFormat,
  DatasetHit,
  DatasetRecord,
  Histogram,
  VersionDiff
} from '../api';

export type { ColumnType, DatasetFormat };
export type IDatasetHit = DatasetHit;
export type IHistogram = Histogram;
export type IDatasetAnnotations = DatasetAnnotations;
export type IDatasetRecord = DatasetRecord;
export type IVersionDiff = VersionDiff;

/** The code that loads a dataset version into a DataFrame (a magic, so it runs in batch too). */
export function loadCode(name: string, version: number): string {
  const variable = name.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1');
  return `%dataset load ${name}@${version} as ${variable}\n${variable}.head().print();`;
}
