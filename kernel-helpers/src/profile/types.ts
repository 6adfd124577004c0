import type { DatasetFormat } from '../store/datasets/profile';

/** The profile record is the catalog's (store/datasets/profile.ts); profile/ computes it. */
export type * from '../store/datasets/profile';

export interface ProfileOptions {
  /** Default: from the file's extension. */
  format?: DatasetFormat;
  /** Called at most ~10 times a second while reading, and once at the end. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Numeric histogram bins and categorical histogram values; default 20. */
  bins?: number;
  /**
   * Threads reading CSV and TSV (other formats use one). Default: one, or for files of 8 MB
   * and more on 4 CPUs or more, one fewer than the CPUs (up to 4). Counts, ranges, distinct
   * and top values come out the same; mean and std may differ in the last digits, and sketch
   * quantiles within their stated bounds.
   */
  threads?: number;
}
