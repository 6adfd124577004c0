import { ProfileError } from './errors';
import { TableAccumulator } from './table';

const LF = 10;

function isRow(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON Lines: one object per line, each given to JSON.parse. A line that is not an object is a
 * bad row (counted, its line kept); blank lines are skipped.
 */
export async function readJsonLines(chunks: AsyncIterable<Buffer>, file: string): Promise<TableAccumulator> {
  const table = new TableAccumulator();
  let line = 1;
  let carry: Buffer | undefined;
  const take = (buf: Buffer, start: number, end: number) => {
    const text = buf.toString('utf8', start, end).trim();
    if (text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (isRow(value)) {
        table.addObject(value);
      } else {
        table.bad(line);
      }
    }
    line++;
  };
  for await (const chunk of chunks) {
    const buf = carry && carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = buf.indexOf(LF, start); end >= 0; end = buf.indexOf(LF, start)) {
      take(buf, start, end);
      start = end + 1;
    }
    carry = buf.subarray(start);
  }
  if (carry && carry.length) {
    take(carry, 0, carry.length);
  }
  if (table.rows === 0 && table.badCount > 0) {
    throw new ProfileError(`${file}: no line holds a JSON object (lines ${table.badLines.join(', ')})`);
  }
  return table;
}

/**
 * A JSON array of objects, without holding the file: the bytes are cut at the array's top-level
 * elements (tracking strings and nesting) and each element goes to JSON.parse. An element that
 * is not an object is a bad row, reported by the line it starts on.
 */
export async function readJsonArray(chunks: AsyncIterable<Buffer>, file: string): Promise<TableAccumulator> {
  const table = new TableAccumulator();
  let state: 'before' | 'between' | 'after' = 'before';
  let line = 1;
  let carry: Buffer | undefined;
  for await (const chunk of chunks) {
    const buf = carry && carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let i = 0;
    const n = buf.length;
    let consumed = 0;
    while (i < n) {
      const c = buf[i];
      if (c === LF) {
        line++;
        i++;
        consumed = i;
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || (c === 44 && state === 'between')) {
        i++;
        consumed = i;
        continue;
      }
      if (state === 'before') {
        if (c !== 91) {
          throw new ProfileError(
            `${file} does not hold a JSON array (it starts with "${String.fromCharCode(c)}"); for one object per line use the .jsonl format`
          );
        }
        state = 'between';
        i++;
        consumed = i;
        continue;
      }
      if (state === 'after') {
        throw new ProfileError(`${file}: text after the end of the JSON array on line ${line}`);
      }
      if (c === 93) {
        state = 'after';
        i++;
        consumed = i;
        continue;
      }
      // An element: find its end.
      const end = elementEnd(buf, i);
      if (end < 0) {
        break; // unfinished: carry it over
      }
      let value: unknown;
      try {
        value = JSON.parse(buf.toString('utf8', i, end));
      } catch (error) {
        throw new ProfileError(
          `${file}: invalid JSON in the element on line ${line}: ${(error as Error).message}`
        );
      }
      if (isRow(value)) {
        table.addObject(value);
      } else {
        table.bad(line);
      }
      for (let j = i; j < end; j++) {
        if (buf[j] === LF) {
          line++;
        }
      }
      i = end;
      consumed = i;
    }
    carry = buf.subarray(consumed);
  }
  if (state === 'before') {
    throw new ProfileError(`${file} holds no JSON array`);
  }
  if (state === 'between' || (carry && carry.toString().trim())) {
    throw new ProfileError(`${file}: the JSON array is cut off (no closing ] at the end)`);
  }
  return table;
}

/** Where the JSON value starting at `start` ends (exclusive), or −1 when the buffer ends first. */
function elementEnd(buf: Buffer, start: number): number {
  let depth = 0;
  let i = start;
  const n = buf.length;
  for (; i < n; i++) {
    const c = buf[i];
    if (c === 34) {
      // A string: skip to its closing quote.
      for (i++; i < n; i++) {
        const d = buf[i];
        if (d === 92) {
          i++;
        } else if (d === 34) {
          break;
        }
      }
      if (i >= n) {
        return -1;
      }
      if (depth === 0) {
        return i + 1;
      }
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        return i + 1;
      }
      if (depth < 0) {
        return i; // the array's own ]
      }
    } else if (depth === 0 && (c === 44 || c === 32 || c === 10 || c === 13 || c === 9)) {
      return i; // a bare number, true, false or null
    }
  }
  return -1;
}
