import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Papa from 'papaparse';
import { DatasetError, DatasetRecord } from '../store/datasets/types';
import { requireFromNotebook } from './frame';

/** The rows or columns of a stored version, parsed from its file. */
export type ParsedTable =
  { rows: Record<string, unknown>[] } | { columns: Record<string, ArrayLike<unknown>> };

/**
 * Reads a version's file and checks that its content is still what was registered: a file
 * changed in place since would silently give other data under the same version.
 */
export function readVersion(record: DatasetRecord): { table: ParsedTable; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(record.location);
  } catch (error) {
    throw new DatasetError(
      `${record.name}@${record.version}: cannot read ${record.location} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== record.sha256) {
    throw new DatasetError(
      `${record.name}@${record.version}: ${record.location} changed since it was registered ` +
        `(sha256 ${sha256.slice(0, 12)}…, registered ${record.sha256.slice(0, 12)}…). ` +
        `Register it again to make the new content a new version.`
    );
  }
  return { table: parse(record, bytes), sha256 };
}

function parse(record: DatasetRecord, bytes: Buffer): ParsedTable {
  switch (record.format) {
    case 'csv':
    case 'tsv': {
      const parsed = Papa.parse<Record<string, unknown>>(bytes.toString('utf8'), {
        header: true,
        dynamicTyping: true,
        skipEmptyLines: true,
        delimiter: record.format === 'tsv' ? '\t' : ','
      });
      return { rows: parsed.data };
    }
    case 'json':
      return { rows: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>[] };
    case 'jsonl':
      return {
        rows: bytes
          .toString('utf8')
          .split('\n')
          .filter(line => line.trim())
          .map(line => JSON.parse(line) as Record<string, unknown>)
      };
    case 'arrow': {
      const arrow = requireFromNotebook<typeof import('apache-arrow')>('apache-arrow');
      const table = arrow.tableFromIPC(bytes);
      return {
        columns: Object.fromEntries(
          table.schema.fields.map(field => [
            field.name,
            Array.from(table.getChild(field.name)!.toArray() as ArrayLike<unknown>)
          ])
        )
      };
    }
    default:
      throw new DatasetError(
        `${record.name}@${record.version}: loading ${record.format} files is not supported.`
      );
  }
}

/** A danfo DataFrame (danfojs-node, as the notebook resolves it) of a parsed table. */
export function toDataFrame(table: ParsedTable): DataFrame {
  const dfd = requireFromNotebook<{ DataFrame: new (data: unknown) => DataFrame }>('danfojs-node');
  return new dfd.DataFrame('rows' in table ? table.rows : table.columns);
}

/**
 * The part of a danfo DataFrame mlnb relies on; every other danfo method is there too.
 * (mlnb does not depend on danfo's types, so that notebooks without danfo still compile.)
 */
export interface DataFrame {
  shape: number[];
  columns: string[];
  column(name: string): { values: unknown[] };
  head(rows?: number): DataFrame;
  print(): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [member: string]: any;
}
