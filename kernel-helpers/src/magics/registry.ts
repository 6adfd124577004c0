/**
 * Magics are notebook shorthands (`%name args`, `%%name args` on a cell's first line) that
 * expand to plain TypeScript before compilation. The kernel and the batch runner call the same
 * expansion, so a notebook behaves identically interactively and headless.
 */

/** The identifier under which the mlnb API is in scope in every notebook (a preloaded import). */
export const API_IDENTIFIER = 'mlnb';

/** The language of the cells: a magic's expansion must be valid in it. */
export type CellLanguage = 'typescript' | 'javascript';

export interface LineMagic {
  name: string;
  /** One line for the "known magics" list and `%mlnb help`. */
  summary: string;
  /**
   * Returns the TypeScript that replaces the magic's line. It must be a single line, so that
   * line numbers in compiler errors still point at the user's source.
   */
  expand(args: string, language: CellLanguage): string;
}

export interface CellMagic {
  name: string;
  summary: string;
  /** Returns the TypeScript that replaces the whole cell. */
  expand(args: string, body: string): string;
}

export interface MagicRegistry {
  line: ReadonlyMap<string, LineMagic>;
  cell: ReadonlyMap<string, CellMagic>;
}

/** A magic that cannot be expanded: unknown, misplaced or given bad arguments. */
export class MagicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MagicError';
  }
}

export function createRegistry(line: LineMagic[], cell: CellMagic[] = []): MagicRegistry {
  return {
    line: new Map(line.map(m => [m.name, m])),
    cell: new Map(cell.map(m => [m.name, m]))
  };
}

/** "%mlnb, %param and %%sql": the known magics, for error messages. */
export function describeKnown(registry: MagicRegistry): string {
  const names = [
    ...[...registry.line.keys()].map(n => `%${n}`),
    ...[...registry.cell.keys()].map(n => `%%${n}`)
  ].sort();
  return names.length ? names.join(', ') : '(none)';
}
