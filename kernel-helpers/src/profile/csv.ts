import { CellBatch, UNESCAPE } from './cell-batch';
import { Cell, POWERS } from './cells';
import { ProfileError } from './errors';
import { CarryBuffer } from './read-file';
import { TableAccumulator } from './table';

// Cell's codes as constants of this module (see cell-batch.ts).
const CELL_INTEGER = Cell.Integer;
const CELL_NUMBER = Cell.Number;
const CELL_STRING = Cell.String;
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
  /** Records read and not yet added to the columns (they are added before `records` returns). */
  private readonly batch = new CellBatch();
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
    if (this.table && this.batch.width !== this.table.columns.length) {
      this.batch.setWidth(this.table.columns.length); // a table given (threads)
    }
    const end = this.scan(buf, final, untilHeader);
    this.addBatch(buf);
    return end;
  }

  private scan(buf: Buffer, final: boolean, untilHeader: boolean): number {
    const batch = this.batch;
    let { cells, values, starts, ends } = batch;
    const n = buf.length;
    const delimiter = this.delimiter;
    let p = 0;
    while (p < n) {
      let q = p;
      let fields = 0;
      let breaks = 0;
      // This record is the row after those held (written over again if it is bad or blank).
      const row = batch.rows;
      const stride = batch.stride;
      let kept = batch.kept;
      this.malformed = false;
      for (;;) {
        let at = row + fields * stride;
        if (fields >= kept) {
          at = batch.slotBeyond(fields);
          ({ cells, values, starts, ends, kept } = batch);
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
          starts[at] = q + 1;
          ends[at] = close;
          cells[at] = escaped ? UNESCAPE : CELL_STRING;
          batch.others++;
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
          // The first 9 digits add up in 32-bit integers (faster than doubles), the rest apart.
          let head = 0;
          let tail = 0;
          let digits = 0;
          let pointAt = -1; // digits before the point
          let plain = true;
          while (r < n) {
            const c = buf[r];
            if (c >= 48 && c <= 57) {
              if (digits < 9) {
                head = head * 10 + (c - 48);
              } else {
                tail = tail * 10 + (c - 48);
              }
              digits++;
            } else if (c === delimiter || c === LF || c === CR) {
              break;
            } else if (c === 46 && pointAt < 0) {
              pointAt = digits;
            } else {
              plain = false;
              while (r < n && buf[r] !== delimiter && buf[r] !== LF && buf[r] !== CR) {
                r++;
              }
              break;
            }
            r++;
          }
          starts[at] = q;
          ends[at] = r;
          if (plain && digits > 0 && digits <= 15) {
            // Both exact doubles: the quotient is the correctly rounded value (Clinger's fast path).
            const mantissa = digits > 9 ? head * POWERS[digits - 9] + tail : head;
            const value = pointAt >= 0 ? mantissa / POWERS[digits - pointAt] : mantissa;
            values[at] = negative ? -value : value;
            cells[at] = pointAt >= 0 ? CELL_NUMBER : CELL_INTEGER;
          } else {
            cells[at] = CELL_STRING; // to classify
            batch.others++;
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
      this.record(buf, fields, row);
      this.line += breaks;
      p = q;
      if (header && this.table) {
        if (untilHeader) {
          return p;
        }
        ({ cells, values, starts, ends } = batch); // sized for the header's width
      }
    }
    return p;
  }

  /** Keeps the record just read (row `row` of the batch) in the batch, or counts it bad. */
  private record(buf: Buffer, fields: number, row: number): void {
    const { cells, starts, ends } = this.batch;
    if (
      fields === 1 &&
      starts[row] === ends[row] &&
      cells[row] !== UNESCAPE &&
      buf[starts[row] - 1] !== QUOTE
    ) {
      return; // a blank line
    }
    const table = this.table;
    if (!table) {
      const names: string[] = [];
      for (let i = 0; i < fields; i++) {
        const text = buf.toString('utf8', starts[i], ends[i]);
        names.push(cells[i] === UNESCAPE ? text.replace(/""/g, '"') : text);
      }
      refuseRepeatedNames(names, this.file);
      this.table = new TableAccumulator(names);
      this.batch.setWidth(names.length);
      return;
    }
    if (fields !== table.columns.length || this.malformed) {
      table.bad(this.line);
      return;
    }
    table.rows++;
    if (++this.batch.rows === this.batch.rowLimit) {
      this.addBatch(buf);
    }
  }

  /** The records held go to the columns (before buf changes). */
  private addBatch(buf: Buffer): void {
    if (this.table && this.batch.rows > 0) {
      this.batch.addTo(this.table.columns, buf);
    }
  }
}

/**
 * A header that names a column twice is refused: the catalog, its loads and SQL would each need
 * to invent a second name, and a query would read one of the two without saying which.
 */
function refuseRepeatedNames(names: string[], file: string): void {
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const seen = first.get(name);
    if (seen !== undefined && name.trim() !== '') {
      throw new ProfileError(
        `${file}: the header names column "${name}" twice (columns ${seen + 1} and ${i + 1}); rename one of them`
      );
    }
    first.set(name, i);
  });
}
