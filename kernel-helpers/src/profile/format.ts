import path from 'node:path';
import { ProfileError } from './errors';
import type { DatasetFormat } from './types';

const EXTENSIONS: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.arrows': 'arrow',
  '.ipc': 'arrow',
  '.parquet': 'parquet'
};

export const FORMATS: readonly DatasetFormat[] = ['csv', 'tsv', 'json', 'jsonl', 'arrow', 'parquet'];

/** The format a file's extension names (case-insensitive); ProfileError for any other. */
export function formatOf(file: string): DatasetFormat {
  const extension = path.extname(file).toLowerCase();
  const format = EXTENSIONS[extension];
  if (!format) {
    const known = Object.keys(EXTENSIONS).join(', ');
    throw new ProfileError(
      extension
        ? `Unknown dataset format "${extension}" (${path.basename(file)}): mlnb profiles ${known}; pass { format } to say which one the file is in`
        : `${path.basename(file)} has no extension to tell its format: pass { format: 'csv' } (or tsv, json, jsonl, arrow, parquet)`
    );
  }
  return format;
}
