/** Compares buf[start, end) with other, bytewise. */
function compareUtf8(buf: Uint8Array, start: number, end: number, other: Uint8Array): number {
  const length = Math.min(end - start, other.length);
  for (let i = 0; i < length; i++) {
    const d = buf[start + i] - other[i];
    if (d !== 0) {
      return d;
    }
  }
  return end - start - other.length;
}

/** The least and greatest text of a column, by code point. */
export class TextRange {
  min: string | undefined;
  max: string | undefined;
  /** The same as UTF-8, to compare CSV cells without making strings. */
  private minBytes: Uint8Array | undefined;
  private maxBytes: Uint8Array | undefined;

  add(text: string): void {
    if (this.min === undefined || text < this.min) {
      this.min = text;
      this.minBytes = Buffer.from(text, 'utf8');
    }
    if (this.max === undefined || text > this.max) {
      this.max = text;
      this.maxBytes = Buffer.from(text, 'utf8');
    }
  }

  /** `add` for UTF-8 bytes (byte order is code point order): a string only for a new min or max. */
  addBytes(buf: Uint8Array, start: number, end: number): void {
    if (
      !this.minBytes ||
      !this.maxBytes ||
      compareUtf8(buf, start, end, this.minBytes) < 0 ||
      compareUtf8(buf, start, end, this.maxBytes) > 0
    ) {
      this.add(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8'));
    }
  }

  /** From its fields, as they come through postMessage. */
  static revive(fields: TextRange): TextRange {
    return Object.assign(new TextRange(), fields);
  }
}
