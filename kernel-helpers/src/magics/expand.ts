import { CellLanguage, describeKnown, MagicError, MagicRegistry } from './registry';

const MAGIC_LINE = /^(\s*)(%%?)([A-Za-z_][\w-]*)(?:\s+(.*))?\s*$/;
const LOOKS_LIKE_MAGIC = /^\s*%/;

/**
 * Expands the magics in one cell's source into plain TypeScript.
 *
 * A line magic is a line whose first non-blank character is `%`; it is replaced by one line of
 * code, so line numbers are kept. A cell magic (`%%name`) must be the cell's first non-blank
 * line and receives the rest of the cell as its body. Throws `MagicError` for an unknown or
 * misplaced magic, naming the known ones.
 *
 * Known limit: a line that starts with `%` inside a multi-line template string is read as a
 * magic too; start such a line with any other character.
 */
export function expandMagics(
  source: string,
  registry: MagicRegistry,
  language: CellLanguage = 'typescript'
): string {
  if (!source.includes('%')) {
    return source; // The common case: no magic at all, nothing to parse.
  }
  const lines = source.split('\n');
  const first = lines.findIndex(l => l.trim() !== '');
  const firstMatch = first >= 0 ? MAGIC_LINE.exec(lines[first]) : null;
  if (firstMatch && firstMatch[2] === '%%') {
    const [, , , name, args = ''] = firstMatch;
    const magic = registry.cell.get(name);
    if (!magic) {
      throw unknown(`%%${name}`, registry);
    }
    const body = lines.slice(first + 1).join('\n');
    return magic.expand(args.trim(), body);
  }
  return lines.map((line, index) => expandLine(line, index + 1, registry, language)).join('\n');
}

function expandLine(
  line: string,
  lineNumber: number,
  registry: MagicRegistry,
  language: CellLanguage
): string {
  if (!LOOKS_LIKE_MAGIC.test(line)) {
    return line;
  }
  const match = MAGIC_LINE.exec(line);
  if (!match) {
    throw new MagicError(
      `Line ${lineNumber}: "${line.trim()}" is not a magic: a magic is %name followed by ` +
        `its arguments. Known magics: ${describeKnown(registry)}.`
    );
  }
  const [, indent, percent, name, args = ''] = match;
  if (percent === '%%') {
    throw new MagicError(`Line ${lineNumber}: the cell magic %%${name} must be the first line of its cell.`);
  }
  const magic = registry.line.get(name);
  if (!magic) {
    throw unknown(`%${name}`, registry);
  }
  const code = magic.expand(args.trim(), language);
  if (code.includes('\n')) {
    throw new Error(`The magic %${name} expanded to more than one line`); // A bug of ours.
  }
  return indent + code;
}

function unknown(magic: string, registry: MagicRegistry): MagicError {
  return new MagicError(`Unknown magic ${magic}. Known magics: ${describeKnown(registry)}.`);
}
