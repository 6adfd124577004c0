import { RecordBatchReader, Type, type DataType, type Vector } from 'apache-arrow';
import { ProfileError } from './errors';
import { TableAccumulator } from './table';

const FLOATS = new Set([Type.Float, Type.Float16, Type.Float32, Type.Float64, Type.Decimal]);
const TEMPORAL = new Set([
  Type.Date,
  Type.DateDay,
  Type.DateMillisecond,
  Type.Timestamp,
  Type.TimestampSecond,
  Type.TimestampMillisecond,
  Type.TimestampMicrosecond,
  Type.TimestampNanosecond
]);

/** The Arrow types mlnb reads (profiles, loads, queries); a dictionary's values must be one. */
const READABLE = new Set([
  Type.Null,
  Type.Int,
  Type.Float,
  Type.Bool,
  Type.Utf8,
  Type.LargeUtf8,
  Type.Utf8View,
  ...TEMPORAL
]);

/**
 * Refuses a schema with a column of a type mlnb does not read (lists, structs, binary, decimal,
 * durations…), naming the file, the column and its type: better than profiling it as text.
 */
export function checkArrowFields(fields: { name: string; type: DataType }[], file: string): void {
  for (const field of fields) {
    const type =
      Type.Dictionary === field.type.typeId
        ? (field.type as DataType & { dictionary: DataType }).dictionary
        : field.type;
    if (!READABLE.has(type.typeId)) {
      throw new ProfileError(
        `${file}: column "${field.name}" is of Arrow type ${String(field.type)}, which mlnb does not read ` +
          `(it reads integers, floats, booleans, text, dictionaries of text, dates and timestamps); ` +
          `convert that column (e.g. to text) or leave it out of the file.`
      );
    }
  }
}

/**
 * Arrow IPC, file or stream format, one record batch at a time (apache-arrow reads the file
 * format's batches in order without seeking). Types come from the schema: integers, floats,
 * booleans, dates and timestamps (as epoch ms), text and dictionaries of text.
 */
export async function readArrow(chunks: AsyncIterable<Buffer>, file: string): Promise<TableAccumulator> {
  let reader;
  try {
    reader = await RecordBatchReader.from(chunks);
    await reader.open();
  } catch (error) {
    throw new ProfileError(`${file} is not an Arrow IPC file or stream: ${(error as Error).message}`);
  }
  checkArrowFields(reader.schema.fields, file);
  const names = reader.schema.fields.map(f => f.name);
  const table = new TableAccumulator(names);
  const types: DataType[] = reader.schema.fields.map(f => f.type);
  for await (const batch of reader) {
    table.rows += batch.numRows;
    table.columns.forEach((column, j) => {
      const vector = batch.getChildAt(j) as Vector | null;
      if (!vector) {
        column.missing += batch.numRows;
        return;
      }
      const type = types[j];
      const float = FLOATS.has(type.typeId);
      if (TEMPORAL.has(type.typeId)) {
        for (let i = 0; i < batch.numRows; i++) {
          const v = vector.get(i);
          column.addValue(
            v === null || v === undefined ? v : new Date(Number(v instanceof Date ? v.getTime() : v))
          );
        }
      } else if (
        (type.typeId === Type.Int || float) &&
        vector.nullCount === 0 &&
        type.typeId !== Type.Decimal
      ) {
        const values = vector.toArray() as ArrayLike<number | bigint>;
        for (let i = 0; i < values.length; i++) {
          column.addValue(values[i], float);
        }
      } else {
        for (let i = 0; i < batch.numRows; i++) {
          const v = vector.get(i);
          column.addValue(typeof v === 'object' && v !== null && !(v instanceof Date) ? String(v) : v, float);
        }
      }
    });
  }
  return table;
}
