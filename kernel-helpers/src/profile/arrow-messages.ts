import type { RecordBatch, Schema } from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { withCodecs } from './arrow-codecs';

/**
 * apache-arrow's one-file build, the same API: its Node build is ~160 modules whose loading took
 * most of a small file's profile (0.4-1 s of 0.6-1.3 s for flights-200k.arrow; 3-8x less here).
 */
export const arrow = withCodecs(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('apache-arrow/Arrow.esnext.min') as typeof import('apache-arrow')
);
const { Message, RecordBatchReader, Table, tableToIPC } = arrow;

/** What an Arrow IPC file starts with ("ARROW1" and two bytes of padding): its stream follows. */
const MAGIC = Buffer.from('ARROW1');
const FILE_STREAM_START = 8;
/** A message's prefix: 0xFFFFFFFF, then the length of its metadata (before 0.15: the length alone). */
const CONTINUATION = -1;

/** An Arrow file's problem that apache-arrow would not name: said as "cut short or corrupt". */
export class CorruptArrow extends Error {}

/**
 * The record batches of an Arrow IPC file or stream, walked message by message (the file format
 * holds the stream format after its magic; its footer is read only for the schema). Each
 * message is read whole, by its position, into one of two buffers in turn: the next message is
 * read on libuv's pool while the caller profiles this batch, and apache-arrow decodes each batch
 * where it lies (its file reader copied each body into a zero-filled buffer of its own, and
 * waited for it: 150 of 550 ms of flights-3m as Arrow). A batch is valid until the next is asked
 * for. The schema is read first, and returned; dictionary batches are kept and handed to each
 * record batch's decoding.
 */
export async function openArrowBatches(
  handle: FileHandle,
  size: number
): Promise<{ schema: Schema; batches: AsyncGenerator<RecordBatch> }> {
  const head = Buffer.alloc(8);
  await readExactly(handle, head, 0, Math.min(8, size), 0);
  const isFile = size >= FILE_STREAM_START && head.subarray(0, MAGIC.length).equals(MAGIC);
  const buffers = [Buffer.alloc(0), Buffer.alloc(0)];
  const start = isFile ? FILE_STREAM_START : 0;
  const first = await readMessage(handle, start, size, buffers, 0);
  const leadingSchema = first?.message.isSchema() ? first : null;
  let schema: Schema;
  if (isFile) {
    // The footer is read (a file cut short fails there) and says the schema: apache-arrow's own
    // files hold none before their first batch, so one is written for the batches' decoding.
    schema = await footerSchema(handle);
  } else if (leadingSchema) {
    schema = leadingSchema.message.header() as Schema;
  } else {
    throw new CorruptArrow('it does not start with a schema');
  }
  // The schema's and the dictionaries' bytes (copied out of the buffers, which are reused).
  const before = [leadingSchema ? Buffer.from(leadingSchema.bytes) : schemaMessage(schema)];
  return { schema, batches: batchesFrom(handle, size, leadingSchema?.end ?? start, buffers, before) };
}

/** The record batches from `position` on, each read while the one before is profiled. */
async function* batchesFrom(
  handle: FileHandle,
  size: number,
  position: number,
  buffers: Buffer[],
  before: Uint8Array[]
): AsyncGenerator<RecordBatch> {
  let turn = 1;
  let next = readMessage(handle, position, size, buffers, turn);
  try {
    for (;;) {
      const read = await next;
      if (!read) {
        return;
      }
      next = readMessage(handle, read.end, size, buffers, (turn ^= 1));
      if (read.message.isDictionaryBatch()) {
        before.push(Buffer.from(read.bytes));
      } else if (read.message.isRecordBatch()) {
        yield decodeBatch(before, read.bytes);
      }
    }
  } finally {
    // A caller that stops early (its own error) leaves a read in flight: it ends before the file
    // is closed, and its failure, if any, is not left unhandled.
    await next.catch(() => undefined);
  }
}

/** The schema in an Arrow file's footer (apache-arrow's file reader reads only the footer). */
async function footerSchema(handle: FileHandle): Promise<Schema> {
  const reader = await RecordBatchReader.from(handle);
  await reader.open();
  return reader.schema;
}

/** A schema as the message of a stream (written by apache-arrow, without the end marker). */
function schemaMessage(schema: Schema): Uint8Array {
  const stream = tableToIPC(new Table(schema), 'stream');
  return stream.subarray(0, stream.length - 8);
}

/** One record batch, from the messages before it (schema, dictionaries) and its own bytes. */
function decodeBatch(before: Uint8Array[], bytes: Uint8Array): RecordBatch {
  const batch = RecordBatchReader.from([...before, bytes]).next();
  if (batch.done) {
    throw new CorruptArrow('a record batch did not decode');
  }
  return batch.value;
}

/**
 * The message at `position` (its prefix, metadata and body) read whole into buffers[turn], grown
 * as needed; null at the end of the stream (its end marker, the file's footer, or the file's end).
 */
async function readMessage(
  handle: FileHandle,
  position: number,
  size: number,
  buffers: Buffer[],
  turn: number
): Promise<{ message: InstanceType<typeof Message>; bytes: Uint8Array; end: number } | null> {
  if (position + 4 > size) {
    return null;
  }
  const prefix = Buffer.alloc(8);
  await readExactly(handle, prefix, 0, Math.min(8, size - position), position);
  const continued = prefix.readInt32LE(0) === CONTINUATION;
  const prefixLength = continued ? 8 : 4;
  const metadataLength = continued ? prefix.readInt32LE(4) : prefix.readInt32LE(0);
  if (metadataLength === 0) {
    return null; // the end-of-stream marker (in a file, before its footer)
  }
  if (metadataLength < 0 || position + prefixLength + metadataLength > size) {
    throw new CorruptArrow('it is cut short (a message runs past its end)');
  }
  const metadata = Buffer.alloc(metadataLength);
  await readExactly(handle, metadata, 0, metadataLength, position + prefixLength);
  const message = Message.decode(metadata);
  const length = prefixLength + metadataLength + Number(message.bodyLength);
  if (position + length > size) {
    throw new CorruptArrow('it is cut short (a message runs past its end)');
  }
  if (buffers[turn].length < length) {
    buffers[turn] = Buffer.allocUnsafe(length);
  }
  const bytes = buffers[turn].subarray(0, length);
  await readExactly(handle, bytes, 0, length, position);
  return { message, bytes, end: position + length };
}

async function readExactly(
  handle: FileHandle,
  into: Uint8Array,
  offset: number,
  length: number,
  position: number
): Promise<void> {
  while (length > 0) {
    const { bytesRead } = await handle.read(into, offset, length, position);
    if (bytesRead === 0) {
      throw new CorruptArrow('it is cut short');
    }
    offset += bytesRead;
    position += bytesRead;
    length -= bytesRead;
  }
}
