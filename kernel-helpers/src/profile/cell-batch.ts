import { Cell } from './cells';
import type { ColumnAccumulator } from './column';

/** A quoted field with "" in it: its text must be unescaped (the other codes are Cell's). */
export const UNESCAPE = 6;

// Cell's codes as constants of this module: optimized code reads them as such, where a property
// of the imported enum is a load it may not have feedback for yet (a deoptimization).
const CELL_INTEGER = Cell.Integer;
const CELL_NUMBER = Cell.Number;
const CELL_STRING = Cell.String;

/**
 * Fields of CSV rows as the tokenizer (csv.ts) leaves them, column by column (row r's field f
 * at f × stride + r): what it knows of each (a number it read: Cell.Integer or Cell.Number with
 * the value; Cell.String: bytes to classify; UNESCAPE) and where its bytes are. The rows go to
 * the columns one column at a time (`addTo`), so that runs of numbers reach a column in bulk,
 * straight from `values`: one tight loop per statistic instead of a dispatch per value.
 */
export class CellBatch {
  /** Fields per row: the header's (0 until it is read). */
  width = 0;
  /** Rows held. */
  rows = 0;
  /** Cells other than numbers written since the batch was last emptied (bad rows' too). */
  others = 0;
  /** Rows held at most before they go to the columns. */
  rowLimit = 1;
  /** From a field to the same row's next: 1 while the header (one row) is read, rowLimit after. */
  stride = 1;
  /** Fields of a row with slots of their own; a bad row's further fields share one (see `slotBeyond`). */
  kept = 63;
  cells = new Uint8Array(64);
  values = new Float64Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);

  /** Sizes the batch for rows of `width` fields: about 64k fields (1 MB), at most 1,024 rows. */
  setWidth(width: number): void {
    this.width = width;
    this.rowLimit = Math.max(16, Math.min(1024, Math.floor(65536 / Math.max(1, width))));
    this.stride = this.rowLimit;
    this.kept = width;
    this.others = 0;
    this.allocate((width + 1) * this.rowLimit); // and a column for a bad row's extra fields
  }

  /**
   * The slot of the field `field` ≥ `kept` of the row being read: for the header, room is made;
   * for a row longer than the header (bad: never added), the spare column after the last.
   */
  slotBeyond(field: number): number {
    if (this.width > 0) {
      return this.kept * this.stride + this.rows;
    }
    const { cells, values, starts, ends } = this;
    this.allocate(2 * cells.length);
    this.cells.set(cells);
    this.values.set(values);
    this.starts.set(starts);
    this.ends.set(ends);
    this.kept = this.cells.length - 1;
    return field;
  }

  private allocate(size: number): void {
    this.cells = new Uint8Array(size);
    this.values = new Float64Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  /** Adds the rows held to `columns`, column by column, and empties the batch. */
  addTo(columns: ColumnAccumulator[], buf: Buffer): void {
    const { cells, values, starts, ends, stride, rows } = this;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const end = c * stride + rows;
      if (this.others === 0 && column.holdsOnlyNumbers) {
        // Every cell is a number: none to look at, but for a fraction while the column has none.
        const seen = column.holdsFractions ? BOTH_NUMBER_CELLS : numberCellsIn(cells, c * stride, end);
        column.addNumbers(values, c * stride, end, seen);
        continue;
      }
      for (let at = c * stride; at < end; at++) {
        if (column.holdsOnlyNumbers) {
          // The run of numbers from here, in bulk.
          const run = at;
          let seen = 0;
          for (; at < end; at++) {
            const cell = cells[at];
            if (cell !== CELL_INTEGER && cell !== CELL_NUMBER) {
              break;
            }
            seen |= 1 << cell;
          }
          if (at > run) {
            column.addNumbers(values, run, at, seen);
          }
          if (at === end) {
            break;
          }
        }
        const cell = cells[at];
        if (cell === UNESCAPE) {
          column.addText(buf.toString('utf8', starts[at], ends[at]).replace(/""/g, '"'));
        } else if (cell === CELL_STRING) {
          column.addBytes(buf, starts[at], ends[at]);
        } else {
          column.addNumber(cell, values[at], buf, starts[at], ends[at]);
        }
      }
    }
    this.rows = 0;
    this.others = 0;
  }
}

const BOTH_NUMBER_CELLS = (1 << CELL_INTEGER) | (1 << CELL_NUMBER);

/** Which of Cell.Integer and Cell.Number are among cells[from, to), as bits (numbers only there). */
function numberCellsIn(cells: Uint8Array, from: number, to: number): number {
  for (let at = from; at < to; at++) {
    if (cells[at] === CELL_NUMBER) {
      return at === from ? 1 << CELL_NUMBER : BOTH_NUMBER_CELLS;
    }
  }
  return from < to ? 1 << CELL_INTEGER : 0;
}
