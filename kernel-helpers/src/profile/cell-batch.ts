import { Cell } from './cells';
import type { ColumnAccumulator } from './column';

/** A quoted field with "" in it: its text must be unescaped (the other codes are Cell's). */
export const UNESCAPE = 6;

/**
 * Fields of CSV rows as the tokenizer (csv.ts) leaves them, row after row (row r's field f at
 * r × width + f): what it knows of each (a number it read: Cell.Integer or Cell.Number with the
 * value; Cell.String: bytes to classify; UNESCAPE) and where its bytes are. The rows go to the
 * columns one column at a time (`addTo`), so that runs of numbers reach a column in bulk: one
 * tight loop per statistic instead of a dispatch per value (P3: about half of the time).
 */
export class CellBatch {
  /** Fields per row: the header's (0 until it is read). */
  width = 0;
  /** Rows held. */
  rows = 0;
  /** Rows held at most before they go to the columns. */
  rowLimit = 1;
  cells = new Uint8Array(64);
  values = new Float64Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** One column's run of numbers, gathered for the column. */
  private numbers = new Float64Array(1);

  /** Sizes the batch for rows of `width` fields: about 64k fields (1 MB), at most 1,024 rows. */
  setWidth(width: number): void {
    this.width = width;
    this.rowLimit = Math.max(16, Math.min(1024, Math.floor(65536 / Math.max(1, width))));
    this.numbers = new Float64Array(this.rowLimit);
    // A ragged row at the end may hold more fields than the header: `grow` makes room then.
    this.resize(Math.max(this.cells.length, this.rowLimit * width + 64));
  }

  /** Twice the room (the tokenizer asks when a field would not fit). */
  grow(): void {
    this.resize(2 * this.cells.length);
  }

  private resize(size: number): void {
    const copy = <T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T => {
      to.set(from.subarray(0, Math.min(from.length, to.length)));
      return to;
    };
    this.cells = copy(this.cells, new Uint8Array(size));
    this.values = copy(this.values, new Float64Array(size));
    this.starts = copy(this.starts, new Int32Array(size));
    this.ends = copy(this.ends, new Int32Array(size));
  }

  /** Adds the rows held to `columns`, column by column, and empties the batch. */
  addTo(columns: ColumnAccumulator[], buf: Buffer): void {
    const { cells, values, starts, ends, width, rows } = this;
    const numbers = this.numbers;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      for (let r = 0, at = c; r < rows; r++, at += width) {
        if (column.holdsOnlyNumbers) {
          // The run of numbers from here, in bulk.
          let run = 0;
          let seen = 0;
          for (; r < rows; r++, at += width) {
            const cell = cells[at];
            if (cell !== Cell.Integer && cell !== Cell.Number) {
              break;
            }
            numbers[run++] = values[at];
            seen |= 1 << cell;
          }
          if (run > 0) {
            column.addNumbers(numbers, run, seen);
          }
          if (r === rows) {
            break;
          }
        }
        const cell = cells[at];
        if (cell === UNESCAPE) {
          column.addText(buf.toString('utf8', starts[at], ends[at]).replace(/""/g, '"'));
        } else if (cell === Cell.String) {
          column.addBytes(buf, starts[at], ends[at]);
        } else {
          column.addNumber(cell, values[at], buf, starts[at], ends[at]);
        }
      }
    }
    this.rows = 0;
  }
}
