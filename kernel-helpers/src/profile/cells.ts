import { parseIsoBytes } from './datetime';
import { numberSlot } from './hash';

/** What a text cell (CSV, TSV) holds. */
export enum Cell {
  Missing,
  Integer,
  Number,
  Boolean,
  Datetime,
  String
}

/** The number, 0/1, or epoch ms of the last cell classified (hash.ts's slot: no boxing). */
export const cellValue = numberSlot;

/**
 * Cells read as missing: empty, and these markers of spreadsheets, R and pandas, exactly. Not
 * `None` (pandas reads it as missing, but it is a category in real data: damage "None"), nor
 * `-` or `?`: those are text.
 */
export const MISSING_MARKERS = ['NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', '#N/A', '<NA>'];
const MISSING = new Set(MISSING_MARKERS);

/** 10^i, exact for i ≤ 22. */
export const POWERS = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Classifies the bytes of one cell, setting `cellValue`. Numbers: optional sign, digits with an
 * optional point, optional exponent (no thousands separators, no Infinity); integers have no
 * point and no exponent and fit in 2^53. Booleans: true/false in any case. Datetimes: ISO 8601.
 * Spaces around a value are ignored for these; a string keeps them.
 */
export function classifyBytes(buf: Uint8Array, start: number, end: number): Cell {
  while (start < end && (buf[start] === 32 || buf[start] === 9)) {
    start++;
  }
  while (end > start && (buf[end - 1] === 32 || buf[end - 1] === 9)) {
    end--;
  }
  if (start === end) {
    return Cell.Missing;
  }
  const first = buf[start];
  if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) {
    const kind = parseNumber(buf, start, end);
    if (kind !== Cell.String) {
      return kind;
    }
    if (first >= 48 && first <= 57) {
      const time = parseIsoBytes(buf, start, end);
      if (time === time) {
        cellValue[0] = time;
        return Cell.Datetime;
      }
    }
    return Cell.String;
  }
  const length = end - start;
  if (length <= 5) {
    const lower = first | 32;
    if ((lower === 116 || lower === 102) && (length === 4 || length === 5)) {
      const text = Buffer.from(buf.buffer, buf.byteOffset + start, length)
        .toString('latin1')
        .toLowerCase();
      if (text === 'true' || text === 'false') {
        cellValue[0] = text === 'true' ? 1 : 0;
        return Cell.Boolean;
      }
    } else if (length <= 4 && (first === 78 || first === 110 || first === 35 || first === 60)) {
      if (MISSING.has(Buffer.from(buf.buffer, buf.byteOffset + start, length).toString('latin1'))) {
        return Cell.Missing;
      }
    }
  }
  return Cell.String;
}

function parseNumber(buf: Uint8Array, start: number, end: number): Cell {
  let i = start;
  let negative = false;
  if (buf[i] === 45 || buf[i] === 43) {
    negative = buf[i] === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let point = false;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (point) {
        fraction++;
      }
    } else if (c === 46 && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (digits === 0) {
    return Cell.String;
  }
  if (i < end) {
    // An exponent, or not a number at all.
    const c = buf[i];
    if (c !== 101 && c !== 69) {
      return Cell.String;
    }
    let j = i + 1;
    if (j < end && (buf[j] === 45 || buf[j] === 43)) {
      j++;
    }
    if (j === end) {
      return Cell.String;
    }
    for (; j < end; j++) {
      if (buf[j] < 48 || buf[j] > 57) {
        return Cell.String;
      }
    }
    const value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
    cellValue[0] = value;
    return Number.isFinite(value) ? Cell.Number : Cell.String;
  }
  let value: number;
  if (mantissa <= 9007199254740991 && fraction <= 22) {
    // Both exact doubles: the quotient is the correctly rounded value (Clinger's fast path).
    value = fraction ? mantissa / POWERS[fraction] : mantissa;
    value = negative ? -value : value;
  } else {
    value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
  }
  cellValue[0] = value;
  return point || Math.abs(value) > Number.MAX_SAFE_INTEGER ? Cell.Number : Cell.Integer;
}
