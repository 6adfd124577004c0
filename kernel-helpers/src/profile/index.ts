/**
 * The dataset profiler: schema, statistics and histograms of a file in one streaming pass, or of
 * columns in memory. See README.md beside this file for the methods and their error bounds.
 */
export type {
  ColumnProfile,
  ColumnStatistics,
  ColumnType,
  DatasetFormat,
  DatasetProfile,
  Histogram,
  ProfileOptions,
  Quantiles
} from './types';
export { ProfileError } from './errors';
export { formatOf } from './format';
export { profileFile } from './profile-file';
export { profileColumns } from './profile-columns';
