import { ProfileError } from './errors';
import { TableAccumulator } from './table';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Delimited text (RFC 4180: fields in double quotes may hold delimiters, line breaks and ""),
 * read from a stream of chunks. The first record is the header. A record whose field count
 * differs from the header's is a bad row: counted, its line kept, left out of the statistics.
 * Blank lines are skipped. Records are cut at chunk ends and carried into the next chunk.
 */
export async function readDelimited(
  chunks: AsyncIterable<Buffer>,
  delimiter: ',' | '\t',
  file: string
): Promise<TableAccumulator> {
  const reader = new DelimitedReader(delimiter.charCodeAt(0), file);
  let carry: Buffer | undefined;
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3); // UTF-8 byte order mark
      }
    }
    const buf = carry && carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const used = reader.records(buf, false);
    carry = buf.subarray(used);
  }
  if (carry && carry.length) {
    reader.records(carry, true);
  }
  return reader.finish();
}

class DelimitedReader {
  private table: TableAccumulator | undefined;
  /** Line number (1-based) of the next record's first line. */
  private line = 1;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private escaped = new Uint8Array(64);
  private malformed = false;

  constructor(
    private readonly delimiter: number,
    private readonly file: string
  ) {}

  /** Reads whole records from buf; returns where the first unfinished one starts. */
  records(buf: Buffer, final: boolean): number {
    const n = buf.length;
    const delimiter = this.delimiter;
    let p = 0;
    while (p < n) {
      let q = p;
      let fields = 0;
      let breaks = 0;
      this.malformed = false;
      for (;;) {
        if (fields === this.starts.length) {
          this.growFields();
        }
        if (q < n && buf[q] === QUOTE) {
          // A quoted field: up to the quote not followed by another.
          let r = q + 1;
          let escaped = 0;
          let close: number;
          for (;;) {
            close = buf.indexOf(QUOTE, r);
            if (close < 0 || (close + 1 === n && !final)) {
              if (!final) {
                return p;
              }
              throw new ProfileError(
                `${this.file}: a quoted field opened on line ${this.line + breaks} is never closed`
              );
            }
            if (buf[close + 1] === QUOTE) {
              escaped = 1;
              r = close + 2;
            } else {
              break;
            }
          }
          for (let i = q + 1; i < close; i++) {
            if (buf[i] === LF) {
              breaks++;
            }
          }
          this.starts[fields] = q + 1;
          this.ends[fields] = close;
          this.escaped[fields] = escaped;
          q = close + 1;
          if (q < n && buf[q] !== delimiter && buf[q] !== LF && buf[q] !== CR) {
            // Text after the closing quote: the row is bad; skip to the field's end.
            this.malformed = true;
            while (q < n && buf[q] !== delimiter && buf[q] !== LF && buf[q] !== CR) {
              q++;
            }
          }
        } else {
          let r = q;
          while (r < n) {
            const c = buf[r];
            if (c === delimiter || c === LF || c === CR) {
              break;
            }
            r++;
          }
          this.starts[fields] = q;
          this.ends[fields] = r;
          this.escaped[fields] = 0;
          q = r;
        }
        fields++;
        if (q >= n) {
          if (!final) {
            return p;
          }
          break;
        }
        const c = buf[q];
        if (c === delimiter) {
          q++;
          continue;
        }
        if (c === CR) {
          if (q + 1 >= n && !final) {
            return p;
          }
          q += buf[q + 1] === LF ? 2 : 1;
        } else {
          q++;
        }
        breaks++;
        break;
      }
      this.record(buf, fields);
      this.line += breaks;
      p = q;
    }
    return p;
  }

  private record(buf: Buffer, fields: number): void {
    const table = this.table;
    if (
      fields === 1 &&
      this.starts[0] === this.ends[0] &&
      !this.escaped[0] &&
      buf[this.starts[0] - 1] !== QUOTE
    ) {
      return; // a blank line
    }
    if (!table) {
      const names: string[] = [];
      for (let i = 0; i < fields; i++) {
        names.push(this.text(buf, i));
      }
      this.table = new TableAccumulator(names);
      return;
    }
    const columns = table.columns;
    if (fields !== columns.length || this.malformed) {
      table.bad(this.line);
      return;
    }
    table.rows++;
    for (let i = 0; i < fields; i++) {
      if (this.escaped[i]) {
        columns[i].addText(this.text(buf, i));
      } else {
        columns[i].addBytes(buf, this.starts[i], this.ends[i]);
      }
    }
  }

  private text(buf: Buffer, field: number): string {
    const text = buf.toString('utf8', this.starts[field], this.ends[field]);
    return this.escaped[field] ? text.replace(/""/g, '"') : text;
  }

  private growFields(): void {
    const size = this.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
    this.escaped = grow(this.escaped, new Uint8Array(size));
  }

  finish(): TableAccumulator {
    if (!this.table) {
      throw new ProfileError(`${this.file} has no header row: it holds only blank lines`);
    }
    if (this.table.rows === 0 && this.table.badCount > 0) {
      const lines = this.table.badLines.join(', ');
      throw new ProfileError(
        `${this.file}: no row has the header's ${this.table.columns.length} fields (bad rows on lines ${lines}); is it delimited by something else?`
      );
    }
    return this.table;
  }
}
