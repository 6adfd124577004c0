import fs from 'node:fs/promises';
import { ProfileError } from './errors';
import { TableAccumulator } from './table';

/**
 * Parquet through hyparquet (pure JavaScript, maintained, no native build) with
 * hyparquet-compressors (zstd, gzip, brotli, lz4; snappy is built in). Parquet keeps its schema
 * in a footer, so the file is read by row group, from the end first: not in one sequential
 * pass. The sha256 is computed by its own sequential read, alongside.
 */
export async function readParquet(file: string, onBytes: (bytes: number) => void): Promise<TableAccumulator> {
  const { parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = {
      byteLength: size,
      async slice(start: number, end = size): Promise<ArrayBuffer> {
        const bytes = Buffer.alloc(end - start);
        await handle.read(bytes, 0, bytes.length, start);
        onBytes(bytes.length);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      }
    };
    let metadata;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (error) {
      throw new ProfileError(`${file} is not a Parquet file: ${(error as Error).message}`);
    }
    const schema = parquetSchema(metadata);
    const fields = schema.children.map(c => c.element);
    const table = new TableAccumulator(fields.map(f => f.name));
    const floats = fields.map(
      f => f.type === 'FLOAT' || f.type === 'DOUBLE' || f.converted_type === 'DECIMAL'
    );
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file: buffer, metadata, compressors, rowStart, rowEnd });
      for (const row of rows) {
        table.rows++;
        table.columns.forEach((column, j) => {
          const v = (row as Record<string, unknown>)[column.name];
          column.addValue(
            typeof v === 'object' && v !== null && !(v instanceof Date) ? String(v) : v,
            floats[j]
          );
        });
      }
      rowStart = rowEnd;
    }
    return table;
  } finally {
    await handle.close();
  }
}
