import { ColumnAccumulator } from './column';
import { exactLimit } from './numeric';
import type { ColumnProfile } from './types';

/** Line numbers of bad rows kept in the profile. */
export const BAD_LINES_KEPT = 20;

/** The columns of a table being profiled, its row count and its bad rows. */
export class TableAccumulator {
  readonly columns: ColumnAccumulator[] = [];
  private readonly byName = new Map<string, ColumnAccumulator>();
  rows = 0;
  badCount = 0;
  readonly badLines: number[] = [];

  constructor(names: string[] = []) {
    const limit = exactLimit(names.length);
    for (const name of uniqueNames(names)) {
      this.addColumn(name, limit);
    }
  }

  /** A column first seen at the current row (JSON): the rows before it lack it. */
  column(name: string): ColumnAccumulator {
    let column = this.byName.get(name);
    if (!column) {
      column = this.addColumn(name, exactLimit(this.columns.length + 1));
      column.missing = Math.max(0, this.rows - 1);
    }
    return column;
  }

  private addColumn(name: string, limit: number): ColumnAccumulator {
    const column = new ColumnAccumulator(name, limit);
    this.columns.push(column);
    this.byName.set(name, column);
    return column;
  }

  /** One row of a JSON source: absent keys are missing values. */
  addObject(row: Record<string, unknown>): void {
    const index = this.rows++;
    let present = 0;
    for (const key in row) {
      const column = this.column(key);
      column.addValue(row[key]);
      column.seenAt = index;
      present++;
    }
    if (present < this.columns.length) {
      for (const column of this.columns) {
        if (column.seenAt !== index) {
          column.missing++;
        }
      }
    }
  }

  bad(line: number): void {
    this.badCount++;
    if (this.badLines.length < BAD_LINES_KEPT) {
      this.badLines.push(line);
    }
  }

  /** Adds the rows of another part of the same file (another thread); bad lines are the caller's. */
  merge(other: TableAccumulator): void {
    this.rows += other.rows;
    this.badCount += other.badCount;
    this.columns.forEach((column, i) => column.merge(other.columns[i]));
  }

  /** From its fields, as they come through postMessage. */
  static revive(fields: TableAccumulator): TableAccumulator {
    const table = Object.assign(new TableAccumulator(), fields, {
      columns: fields.columns.map(ColumnAccumulator.revive)
    });
    table.columns.forEach(c => table.byName.set(c.name, c));
    return table;
  }

  profiles(bins: number): ColumnProfile[] {
    return this.columns.map(c => c.profile(bins));
  }

  badRows(): { count: number; lines: number[] } | undefined {
    return this.badCount ? { count: this.badCount, lines: [...this.badLines] } : undefined;
  }
}

/** Header names made usable: blanks become column_N, repeats get _2, _3 (as pandas does with .1). */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    const base = raw.trim() === '' ? `column_${i + 1}` : raw;
    let name = base;
    for (let n = 2; seen.has(name); n++) {
      name = `${base}_${n}`;
    }
    seen.add(name);
    return name;
  });
}
