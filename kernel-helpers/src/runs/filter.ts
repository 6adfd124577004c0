/**
 * The run filter language, as in MLflow's search_runs, so users already know it:
 *
 *   metrics.val_acc > 0.9 and params.lr = 0.01 and tags.team = "fraud" and status = 'finished'
 *
 * Terms are joined with `and`. A term is `<key> <op> <value>`; keys are `metrics.<name>`,
 * `params.<name>`, `tags.<name>` (names with dots or spaces in backticks: tags.`my key`) or one
 * of the run attributes (RUN_ATTRIBUTES); ops are = != < <= > >= and `like` (with % wildcards, for text);
 * values are numbers or quoted strings. Errors say where, by column.
 */

import {
  FilterKey,
  FilterOperator,
  FilterTerm,
  RUN_ATTRIBUTES,
  RunAttribute,
  RunOrder
} from '../store/runs/filter-terms';

export { RUN_ATTRIBUTES };
export type { FilterKey, FilterOperator, FilterTerm, RunAttribute, RunOrder };

export class FilterError extends Error {
  constructor(
    message: string,
    /** 1-based column of the problem in the expression. */
    readonly column: number
  ) {
    super(`${message} (at column ${column})`);
    this.name = 'FilterError';
  }
}

interface Token {
  kind: 'word' | 'op' | 'string' | 'number' | 'quoted-name';
  text: string;
  column: number;
}

const OPERATORS = ['<=', '>=', '!=', '=', '<', '>'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const column = i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) {
        throw new FilterError(`Unclosed ${c === '`' ? 'backtick' : 'quote'} ${c}`, column);
      }
      tokens.push({ kind: c === '`' ? 'quoted-name' : 'string', text: source.slice(i + 1, end), column });
      i = end + 1;
    } else if (OPERATORS.some(op => source.startsWith(op, i))) {
      const op = OPERATORS.find(o => source.startsWith(o, i))!;
      tokens.push({ kind: 'op', text: op, column });
      i += op.length;
    } else if (/[-+\d.]/.test(c) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.test(source.slice(i))) {
      const text = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(i))![0];
      tokens.push({ kind: 'number', text, column });
      i += text.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][\w-]*/.exec(source.slice(i))![0];
      tokens.push({ kind: 'word', text, column });
      i += text.length;
      // A dotted key: metrics.name, params.`odd name`
      if (source[i] === '.') {
        tokens[tokens.length - 1].text += '.';
        i++;
      }
    } else {
      throw new FilterError(`Unexpected character "${c}"`, column);
    }
  }
  return tokens;
}

/** Parses a filter expression; an empty one is no filter. Throws FilterError. */
export function parseFilter(source: string): FilterTerm[] {
  const tokens = tokenize(source);
  const terms: FilterTerm[] = [];
  let i = 0;
  const end = source.length + 1;
  const expect = (what: string): Token => {
    const token = tokens[i];
    if (!token) {
      throw new FilterError(`The expression ends where ${what} was expected`, end);
    }
    return token;
  };
  while (i < tokens.length) {
    const key = parseKey(tokens, i, expect);
    i = key.next;
    const opToken = expect('an operator (=, !=, <, <=, >, >=, like)');
    const op =
      opToken.kind === 'op'
        ? opToken.text
        : opToken.kind === 'word' && opToken.text.toLowerCase() === 'like'
          ? 'like'
          : undefined;
    if (!op) {
      throw new FilterError(
        `Expected an operator (=, !=, <, <=, >, >=, like), found "${opToken.text}"`,
        opToken.column
      );
    }
    i++;
    const valueToken = expect('a value (a number or a quoted string)');
    if (valueToken.kind !== 'number' && valueToken.kind !== 'string') {
      throw new FilterError(
        `Expected a number or a quoted string, found "${valueToken.text}"`,
        valueToken.column
      );
    }
    const value = valueToken.kind === 'number' ? Number(valueToken.text) : valueToken.text;
    if (op === 'like' && typeof value !== 'string') {
      throw new FilterError('like compares text: give a quoted pattern such as "%net%"', valueToken.column);
    }
    if (key.key.kind === 'metric' && typeof value !== 'number') {
      throw new FilterError(
        `Metrics are numbers: compare metrics.${key.key.name} with a number`,
        valueToken.column
      );
    }
    terms.push({ key: key.key, op: op as FilterOperator, value });
    i++;
    if (i < tokens.length) {
      const joiner = tokens[i];
      if (joiner.kind !== 'word' || joiner.text.toLowerCase() !== 'and') {
        throw new FilterError(`Expected "and" between conditions, found "${joiner.text}"`, joiner.column);
      }
      i++;
      expect('a condition after "and"');
    }
  }
  return terms;
}

function parseKey(
  tokens: Token[],
  i: number,
  expect: (what: string) => Token
): { key: FilterKey; next: number } {
  const token = expect('a key such as metrics.val_acc, params.lr, tags.team or status');
  if (token.kind !== 'word') {
    throw new FilterError(`Expected a key such as metrics.val_acc, found "${token.text}"`, token.column);
  }
  const prefix = token.text.toLowerCase();
  const kinds: Record<string, 'metric' | 'param' | 'tag'> = {
    'metrics.': 'metric',
    'params.': 'param',
    'tags.': 'tag'
  };
  if (prefix in kinds) {
    const name = tokens[i + 1];
    if (!name || (name.kind !== 'word' && name.kind !== 'quoted-name') || name.text.endsWith('.')) {
      throw new FilterError(
        `Expected a name after "${token.text}"`,
        name?.column ?? token.column + token.text.length
      );
    }
    return { key: { kind: kinds[prefix], name: name.text }, next: i + 2 };
  }
  if (token.text.endsWith('.')) {
    throw new FilterError(`Unknown key prefix "${token.text}": use metrics., params. or tags.`, token.column);
  }
  const attribute = RUN_ATTRIBUTES.find(a => a === prefix);
  if (!attribute) {
    throw new FilterError(
      `Unknown key "${token.text}": use metrics.<name>, params.<name>, tags.<name> or one of ${RUN_ATTRIBUTES.join(', ')}`,
      token.column
    );
  }
  return { key: { kind: 'attribute', name: attribute }, next: i + 1 };
}

export function parseOrderBy(source: string | undefined): RunOrder {
  const text = (source ?? '').trim();
  if (!text) {
    return { key: { kind: 'attribute', name: 'start_time' }, descending: true };
  }
  const match = /^(.+?)(?:\s+(asc|desc))?$/i.exec(text)!;
  const tokens = tokenize(match[1]);
  const { key, next } = parseKey(tokens, 0, what => {
    if (!tokens[0]) {
      throw new FilterError(`Expected ${what}`, 1);
    }
    return tokens[0];
  });
  if (next < tokens.length) {
    throw new FilterError(
      'order_by is one key and ASC or DESC, e.g. "metrics.val_acc DESC"',
      tokens[next].column
    );
  }
  return { key, descending: (match[2] ?? 'asc').toLowerCase() === 'desc' };
}
