/**
 * Doc comments in declaration files, made plain comments for a compiler that only needs types.
 *
 * TypeScript parses every `/** … *\/` comment it meets as JSDoc, and in a program built on
 * @types/node that is about a third of its parsing. In .d.ts files JSDoc only feeds hover text,
 * completion details and deprecation suggestions, never types or errors, so a headless run,
 * which asks for none of those, reads declarations with each doc comment opener `/**` turned
 * into `/* *`. One character changes in place: every position, line and column stays the same.
 */

const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const BACKTICK = 0x60;
const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Where the scanner must look next: comments, strings, templates and the braces around `${}`. */
const SIGNIFICANT = /[/'"`{}]/g;

/** The text with each JSDoc comment made a plain block comment of the same length. */
export function plainDocComments(text: string): string {
  const docStars: number[] = []; // the second `*` of each `/**`
  // For each template literal whose `${` is open: the brace depth that closes it.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    SIGNIFICANT.lastIndex = i;
    if (!SIGNIFICANT.exec(text)) {
      break;
    }
    i = SIGNIFICANT.lastIndex - 1;
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === SLASH && next === SLASH) {
      i = endOfLine(text, i);
    } else if (c === SLASH && next === STAR) {
      // As TypeScript's isJSDocLikeText: `/**` not followed by `/` (`/**/` is empty, not JSDoc).
      if (text.charCodeAt(i + 2) === STAR && text.charCodeAt(i + 3) !== SLASH) {
        docStars.push(i + 2);
      }
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === SLASH) {
      i++;
    } else if (c === BACKTICK) {
      i = templateRest(text, i + 1, templates, depth);
    } else if (c === OPEN_BRACE) {
      depth++;
      i++;
    } else if (c === CLOSE_BRACE) {
      if (templates[templates.length - 1] === depth) {
        templates.pop();
        i = templateRest(text, i + 1, templates, depth);
      } else {
        depth--;
        i++;
      }
    } else {
      i = stringEnd(text, i);
    }
  }
  if (docStars.length === 0) {
    return text;
  }
  const parts: string[] = [];
  let from = 0;
  for (const star of docStars) {
    parts.push(text.slice(from, star), ' ');
    from = star + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end + 1;
}

/** After a quote at `start`: the index past its closing quote (or the line's end: unterminated). */
function stringEnd(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === quote) {
      return i + 1;
    } else if (c === NEWLINE) {
      return i;
    }
  }
  return text.length;
}

/**
 * Scans template literal text from `from` to its closing backtick, or to a `${`, whose closing
 * brace (at brace depth `depth`) resumes the template: it is pushed on `templates`.
 */
function templateRest(text: string, from: number, templates: number[], depth: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === BACKTICK) {
      return i + 1;
    } else if (c === DOLLAR && text.charCodeAt(i + 1) === OPEN_BRACE) {
      templates.push(depth);
      return i + 2;
    }
  }
  return text.length;
}

/** The file reader of TypeScript's `sys`, as the compiler host calls it. */
interface FileReader {
  readFile(path: string, encoding?: string): string | undefined;
}

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/**
 * Makes `sys` read declaration files with plain comments for doc comments (see above); other
 * files read as they are. Only for compilers nobody asks for hover text or completions.
 */
export function readDeclarationsWithoutDocs(sys: FileReader): void {
  const readFile = sys.readFile.bind(sys);
  sys.readFile = (path, encoding) => {
    const text = readFile(path, encoding);
    return text !== undefined && DECLARATION_FILE.test(path) ? plainDocComments(text) : text;
  };
}
