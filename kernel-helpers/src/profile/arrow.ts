import type { AsyncRecordBatchStreamReader, DataType, Vector } from 'apache-arrow';
import fs from 'node:fs/promises';
import { Cell } from './cells';
import type { ColumnAccumulator } from './column';
import { ProfileError } from './errors';
import { TableAccumulator } from './table';

// apache-arrow's one-file build, the same API: its Node build is ~160 modules whose loading took
// most of a small file's profile (0.4-1 s of 0.6-1.3 s for flights-200k.arrow; 3-8x less here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RecordBatchReader, Type } = require('apache-arrow/Arrow.esnext.min') as typeof import('apache-arrow');

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
 * Arrow IPC, file or stream format, one record batch at a time, each read from the file by its
 * position into a buffer of its own rather than joined from a stream's chunks (walking flights-3m's
 * 55 batches: 73 against 250 ms, though the whole profile gained little: the stream's reads
 * overlapped the work). Memory holds one batch; the sha256 is the caller's sequential read. Types
 * come from the schema: integers, floats, booleans, dates and timestamps (as epoch ms), text and
 * dictionaries of text.
 */
export async function readArrow(file: string): Promise<TableAccumulator> {
  return withArrowReader(file, async reader => {
    const fields = reader.schema.fields;
    const table = new TableAccumulator(fields.map(f => f.name));
    const columns = table.columns.map((column, j) => ({ column, j, type: fields[j].type as DataType }));
    const batches = reader[Symbol.asyncIterator]();
    for (;;) {
      const next = await batches.next().catch(error => Promise.reject(notArrow(file, error)));
      if (next.done) {
        return table;
      }
      const batch = next.value;
      table.rows += batch.numRows;
      for (const { column, j, type } of columns) {
        addBatchColumn(batch.getChildAt(j) as Vector | null, type, column, batch.numRows);
      }
    }
  });
}

/** Opens the file's batch reader (its schema checked), gives it to `use`, then closes the file. */
async function withArrowReader<T>(
  file: string,
  use: (reader: AsyncRecordBatchStreamReader) => Promise<T>
): Promise<T> {
  const handle = await fs.open(file, 'r');
  try {
    let reader: AsyncRecordBatchStreamReader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (error) {
      throw notArrow(file, error);
    }
    checkArrowFields(reader.schema.fields, file);
    return await use(reader);
  } finally {
    await handle.close();
  }
}

function notArrow(file: string, error: unknown): ProfileError {
  // A file cut short fails inside apache-arrow with a TypeError on what it did not find.
  const why = error instanceof TypeError ? 'it is cut short or corrupt' : (error as Error).message;
  return new ProfileError(`${file} is not an Arrow IPC file or stream: ${why}`);
}

/** One column of one batch, in bulk where its type allows, else a value at a time. */
function addBatchColumn(
  vector: Vector | null,
  type: DataType,
  column: ColumnAccumulator,
  rows: number
): void {
  if (!vector) {
    column.missing += rows;
    return;
  }
  if (
    addNumbersOf(vector, type, column) ||
    addDatesOf(vector, type, column) ||
    addTextsOf(vector, type, column)
  ) {
    return;
  }
  const float = FLOATS.has(type.typeId);
  if (TEMPORAL.has(type.typeId)) {
    for (let i = 0; i < rows; i++) {
      const v = vector.get(i);
      column.addValue(
        v === null || v === undefined ? v : new Date(Number(v instanceof Date ? v.getTime() : v))
      );
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const v = vector.get(i);
      column.addValue(typeof v === 'object' && v !== null && !(v instanceof Date) ? String(v) : v, float);
    }
  }
}

/** Scratch for `addNumbersOf`: one batch's numbers of a column, as doubles. */
let scratch = new Float64Array(1024);

/**
 * An integer or float column's batch, added in bulk (`addNumbers`, one tight loop per
 * statistic, as the CSV reader adds runs of numbers) where a value at a time cost ~10x more:
 * nulls and NaNs are missing, floats are numbers even when whole, integers are integers.
 * Returns false, adding nothing, for what the bulk path does not take (decimals, half floats,
 * 64-bit integers beyond 2^53, which `addValue` reads as it always has).
 */
function addNumbersOf(vector: Vector, type: DataType, column: ColumnAccumulator): boolean {
  const float = type.typeId === Type.Float && (type as DataType & { precision: number }).precision > 0;
  if (!(type.typeId === Type.Int || float)) {
    return false;
  }
  return addDoubles(vector, column, 1 << (float ? Cell.Number : Cell.Integer), !float, SAME);
}

const SAME = { times: 1, per: 1 };

/**
 * The batch's present values (nulls and NaN are missing), each × times / per, to the column in
 * bulk as `cells`. With `wholeIntegers`, a value past 2^53 adds nothing and returns false.
 */
function addDoubles(
  vector: Vector,
  column: ColumnAccumulator,
  cells: number,
  wholeIntegers: boolean,
  unit: { times: number; per: number }
): boolean {
  const values = doublesOf(vector.toArray() as ArrayLike<number | bigint>);
  const length = vector.length;
  if (scratch.length < length) {
    scratch = new Float64Array(length);
  }
  const xs = scratch;
  const { times, per } = unit;
  const nullable = vector.nullCount > 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    if (nullable && !vector.isValid(i)) {
      continue;
    }
    const x = values[i];
    if (x !== x) {
      continue; // NaN: missing
    }
    if (wholeIntegers && Math.abs(x) > Number.MAX_SAFE_INTEGER) {
      return false; // nothing added yet: this batch goes a value at a time
    }
    xs[n++] = (x * times) / per;
  }
  column.missing += length - n;
  if (n > 0) {
    column.addNumbers(xs, 0, n, cells);
  }
  return true;
}

/** Scratch for `doublesOf`. */
let wide = new Float64Array(1024);

/**
 * A 64-bit integer array's values as doubles, from their two 32-bit halves (little-endian, as
 * Arrow's buffers are here): Number(bigint) a value at a time was most of an int64 column's time.
 * Exact up to 2^53; beyond, rounded (callers check the magnitude). Other arrays as they are.
 */
function doublesOf(values: ArrayLike<number | bigint>): ArrayLike<number> {
  if (!(values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    return values as ArrayLike<number>;
  }
  const length = values.length;
  if (wide.length < length) {
    wide = new Float64Array(length);
  }
  const halves = new Int32Array(values.buffer, values.byteOffset, length * 2);
  const signed = values instanceof BigInt64Array;
  for (let i = 0; i < length; i++) {
    const high = halves[2 * i + 1];
    wide[i] = (signed ? high : high >>> 0) * 4294967296 + (halves[2 * i] >>> 0);
  }
  return wide;
}

/** Milliseconds in one unit of a date or timestamp column's integers (Arrow's DateUnit, TimeUnit). */
function unitMs(type: DataType): { times: number; per: number } | null {
  const unit = (type as DataType & { unit: number }).unit;
  if (type.typeId === Type.Date) {
    return unit === 0 ? { times: 86_400_000, per: 1 } : { times: 1, per: 1 };
  }
  if (type.typeId === Type.Timestamp) {
    return [
      { times: 1000, per: 1 },
      { times: 1, per: 1 },
      { times: 1, per: 1000 },
      { times: 1, per: 1_000_000 }
    ][unit];
  }
  return null;
}

/**
 * A date or timestamp column's batch, from its integers as epoch ms (as apache-arrow's `get`
 * gives them, without its per-value dispatch and Date objects), added in bulk as datetimes.
 * Returns false for other types.
 */
function addDatesOf(vector: Vector, type: DataType, column: ColumnAccumulator): boolean {
  const unit = unitMs(type);
  return unit !== null && addDoubles(vector, column, 1 << Cell.Datetime, false, unit);
}

/**
 * A text column's batch, each value given to the column as its bytes, cut from the batch's
 * buffer by its offsets (apache-arrow decoded each value with a TextDecoder, most of a text
 * column's time; the column decodes only values it has not seen). Returns false for other types
 * (dictionaries of text go through `get`).
 */
function addTextsOf(vector: Vector, type: DataType, column: ColumnAccumulator): boolean {
  const data = vector.data[0];
  if (
    !(type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8) ||
    vector.data.length !== 1 ||
    data.offset !== 0
  ) {
    return false;
  }
  // Large text's offsets are 64-bit: as doubles in one loop, not Number(bigint) for each value.
  const offsets = doublesOf(data.valueOffsets as ArrayLike<number | bigint>);
  const bytes = data.values as Uint8Array;
  const nullable = vector.nullCount > 0;
  for (let i = 0; i < vector.length; i++) {
    if (nullable && !vector.isValid(i)) {
      column.missing++;
    } else {
      column.addTextBytes(bytes, offsets[i], offsets[i + 1]);
    }
  }
  return true;
}
