/**
 * ISO 8601 dates and date-times, read from bytes without making strings:
 *   YYYY-MM-DD, then optionally T or space, HH:MM, :SS, .fraction (1–9 digits), and Z, ±HH,
 *   ±HHMM or ±HH:MM. Without an offset the time is taken as UTC. Returns epoch ms, or NaN.
 */
export function parseIsoBytes(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) {
    return NaN;
  }
  const year = digits(buf, start, 4);
  const month = digits(buf, start + 5, 2);
  const day = digits(buf, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return NaN;
  }
  let i = start + 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offset = 0;
  if (i < end) {
    const separator = buf[i];
    if ((separator !== 84 && separator !== 32) || end - i < 6 || buf[i + 3] !== 58) {
      return NaN;
    }
    hour = digits(buf, i + 1, 2);
    minute = digits(buf, i + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return NaN;
    }
    i += 6;
    if (i < end && buf[i] === 58) {
      second = end - i < 3 ? -1 : digits(buf, i + 1, 2);
      if (second < 0 || second > 60) {
        return NaN;
      }
      i += 3;
      if (i < end && (buf[i] === 46 || buf[i] === 44)) {
        let scale = 100;
        let j = i + 1;
        for (; j < end && buf[j] >= 48 && buf[j] <= 57 && j - i <= 9; j++) {
          ms += (buf[j] - 48) * scale;
          scale /= 10;
        }
        if (j === i + 1) {
          return NaN;
        }
        i = j;
      }
    }
    if (i < end) {
      const sign = buf[i];
      if (sign === 90 && i + 1 === end) {
        i++;
      } else if (sign === 43 || sign === 45) {
        const rest = end - i - 1;
        const oh = digits(buf, i + 1, 2);
        let om = 0;
        if (rest === 4) {
          om = digits(buf, i + 3, 2);
        } else if (rest === 5 && buf[i + 3] === 58) {
          om = digits(buf, i + 4, 2);
        } else if (rest !== 2) {
          return NaN;
        }
        if (oh < 0 || oh > 23 || om < 0 || om > 59) {
          return NaN;
        }
        offset = (sign === 43 ? 1 : -1) * (oh * 60 + om) * 60000;
        i = end;
      } else {
        return NaN;
      }
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, Math.round(ms)) - offset;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return DAYS[month - 1] + (leap ? 1 : 0);
}

/** `count` ASCII digits as a number, or −1. */
function digits(buf: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) {
      return -1;
    }
    value = value * 10 + c;
  }
  return value;
}

const scratch = new Uint8Array(64);

/** The same for a string (values of JSON and in-memory columns). */
export function parseIsoString(text: string): number {
  if (text.length < 10 || text.length > scratch.length) {
    return NaN;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) {
      return NaN;
    }
    scratch[i] = c;
  }
  return parseIsoBytes(scratch, 0, text.length);
}
