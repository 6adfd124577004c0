/**
 * Record batches compressed with LZ4 (frame) or ZSTD, as pyarrow writes Arrow files by default
 * (`feather.write_feather`, pandas' `to_feather`: LZ4), decoded for apache-arrow, which reads
 * them only with a codec registered: lz4-napi (lz4_flex, prebuilt) and fzstd (pure JavaScript).
 * Each loads on its first batch.
 */
type Arrow = typeof import('apache-arrow');

/** Registers the codecs on an apache-arrow module (each build has its own registry). */
export function withCodecs<T extends Arrow>(arrow: T): T {
  // An older apache-arrow (a notebook's own) has no registry: its error says what it cannot read.
  arrow.compressionRegistry?.set(arrow.CompressionType.LZ4_FRAME, {
    decode: data => aligned(lz4().decompressFrameSync(Buffer.from(data.buffer, data.byteOffset, data.length)))
  });
  arrow.compressionRegistry?.set(arrow.CompressionType.ZSTD, {
    decode: data => aligned(zstd().decompress(data))
  });
  return arrow;
}

/** apache-arrow views a decoded buffer as its column's typed array: it must start on 8 bytes. */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lz4 = (): typeof import('lz4-napi') => require('lz4-napi');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zstd = (): typeof import('fzstd') => require('fzstd');
