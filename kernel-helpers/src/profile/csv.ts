import { Cell, cellValue, POWERS } from './cells';
import { ProfileError } from './errors';
import { CarryBuffer } from './read-file';
import { TableAccumulator } from './table';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Delimited text (RFC 4180: fields in double quotes may hold delimiters, line breaks and ""),
 * read from a stream of chunks in this thread. The first record is the header. A record whose
 * field count differs from the header's is a bad row: counted, its line kept, left out of the
 * statistics. Blank lines are skipped. Records cut at chunk ends are carried into the next chunk
 * (so chunks may be read into one reused buffer).
 */
export async function readDelimited(
  chunks: AsyncIterable<Buffer>,
  delimiter: ',' | '\t',
  file: string
): Promise<TableAccumulator> {
  const reader = new DelimitedReader(delimiter, file);
  const carry = new CarryBuffer();
  for await (const chunk of withoutByteOrderMark(chunks)) {
    const buf = carry.append(chunk);
    carry.keep(reader.records(buf, false));
  }
  if (carry.rest.length) {
    reader.records(carry.rest, true);
  }
  return checkTable(reader.table, file);
}

/** The chunks, less a UTF-8 byte order mark at the start. */
export async function* withoutByteOrderMark(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of chunks) {
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      yield chunk.subarray(3);
    } else {
      yield chunk;
    }
    first = false;
  }
}

/** The table read, or a ProfileError when there is no header or no good row among bad ones. */
export function checkTable(table: TableAccumulator | undefined, file: string): TableAccumulator {
  if (!table) {
    throw new ProfileError(`${file} has no header row: it holds only blank lines`);
  }
  if (table.rows === 0 && table.badCount > 0) {
    throw new ProfileError(
      `${file}: no row has the header's ${table.columns.length} fields (bad rows on lines ${table.badLines.join(', ')}); is it delimited by something else?`
    );
  }
  return table;
}

export class DelimitedReader {
  /** Made from the header record, or given (threads get the header's names). */
  table: TableAccumulator | undefined;
  /** Line number (1-based) of the next record's first line. */
  line = 1;
  private readonly delimiter: number;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private escaped = new Uint8Array(64);
  /** Per field: a number read while scanning (Cell.Integer or Cell.Number, in values), or String: to classify. */
  private cells = new Uint8Array(64);
  private values = new Float64Array(64);
  private malformed = false;

  constructor(
    delimiter: ',' | '\t',
    private readonly file: string
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * Reads whole records from buf; returns where the first unfinished one starts. With
   * `untilHeader`, stops after the header record.
   */
  records(buf: Buffer, final: boolean, untilHeader = false): number {
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
          this.cells[fields] = Cell.String;
          q = close + 1;
          if (q < n && buf[q] !== delimiter && buf[q] !== LF && buf[q] !== CR) {
            // Text after the closing quote: the row is bad; skip to the field's end.
            this.malformed = true;
            while (q < n && buf[q] !== delimiter && buf[q] !== LF && buf[q] !== CR) {
              q++;
            }
          }
        } else {
          // Plain decimals (a minus, up to 15 digits, a point) are read while scanning; the
          // other fields are classified later.
          let r = q;
          let negative = false;
          if (r < n && buf[r] === 45) {
            negative = true;
            r++;
          }
          let mantissa = 0;
          let digits = 0;
          let fraction = 0;
          let point = false;
          let plain = true;
          while (r < n) {
            const c = buf[r];
            if (c >= 48 && c <= 57) {
              mantissa = mantissa * 10 + (c - 48);
              digits++;
              if (point) {
                fraction++;
              }
            } else if (c === delimiter || c === LF || c === CR) {
              break;
            } else if (c === 46 && !point) {
              point = true;
            } else {
              plain = false;
              while (r < n && buf[r] !== delimiter && buf[r] !== LF && buf[r] !== CR) {
                r++;
              }
              break;
            }
            r++;
          }
          this.starts[fields] = q;
          this.ends[fields] = r;
          this.escaped[fields] = 0;
          if (plain && digits > 0 && digits <= 15) {
            // Both exact doubles: the quotient is the correctly rounded value (Clinger's fast path).
            const value = fraction ? mantissa / POWERS[fraction] : mantissa;
            this.values[fields] = negative ? -value : value;
            this.cells[fields] = point ? Cell.Number : Cell.Integer;
          } else {
            this.cells[fields] = Cell.String; // to classify
          }
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
      const header = !this.table;
      this.record(buf, fields);
      this.line += breaks;
      p = q;
      if (untilHeader && header && this.table) {
        return p;
      }
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
      } else if (this.cells[i] !== Cell.String) {
        cellValue[0] = this.values[i];
        columns[i].addCell(this.cells[i], buf, this.starts[i], this.ends[i]);
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
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
    this.escaped = grow(this.escaped, new Uint8Array(size));
    this.cells = grow(this.cells, new Uint8Array(size));
    this.values = grow(this.values, new Float64Array(size));
  }
}
