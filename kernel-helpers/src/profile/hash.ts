/**
 * 64-bit hashes of values as two 32-bit halves, for distinct counting and value counts. Each
 * function returns a 53-bit key (exact as a JS number: used as a Map key) and leaves both halves
 * in `hashHalves` (read at once, before the next call) for HyperLogLog.
 */
export const hashHalves = new Int32Array(2);
/** The key of the last `hashSlotNumber`. */
export const hashKey = new Float64Array(1);
/**
 * A number handed over in memory instead of as an argument: a double passed to or returned from
 * a function V8 does not inline is boxed (allocated), ten million times for P3.
 */
export const numberSlot = new Float64Array(1);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function finish(a: number, b: number, length: number): number {
  const h1 = fmix(a ^ length);
  const h2 = fmix(b ^ Math.imul(length, 0x27d4eb2f));
  hashHalves[0] = h1;
  hashHalves[1] = h2;
  return (h1 >>> 0) * 2097152 + (h2 >>> 11);
}

/** Of the bytes buf[start, end). */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let a = 0x12345678;
  let b = 0x9abcdef0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    a = Math.imul(a ^ c, 0x9e3779b1);
    b = Math.imul(b ^ c, 0x85ebca77);
    b = (b << 13) | (b >>> 19);
  }
  return finish(a, b, end - start);
}

/** Of a string's UTF-16 code units. */
export function hashString(text: string): number {
  let a = 0x12345678;
  let b = 0x9abcdef0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x9e3779b1);
    b = Math.imul(b ^ c, 0x85ebca77);
    b = (b << 13) | (b >>> 19);
  }
  return finish(a, b, text.length);
}

/** Salts that keep booleans and datetimes (as 0/1 and epoch ms) apart from the same numbers. */
export const SALT_BOOLEAN = 0x2545f491;
export const SALT_DATETIME = 0x5bd1e995;

/** hashNumber of numberSlot[0], its key left in hashKey[0] (nothing boxed). */
export function hashSlotNumber(salt: number): void {
  const value = numberSlot[0];
  f64[0] = value === 0 ? 0 : value;
  const lo = u32[0];
  const hi = u32[1];
  const h1 = fmix(lo ^ Math.imul(hi, 0x9e3779b1) ^ salt ^ 8);
  const h2 = fmix(hi ^ Math.imul(lo, 0x85ebca77) ^ salt ^ Math.imul(8, 0x27d4eb2f));
  hashHalves[0] = h1;
  hashHalves[1] = h2;
  hashKey[0] = (h1 >>> 0) * 2097152 + (h2 >>> 11);
}

/**
 * hashSlotNumber(salt) of xs[from, to), each pair of halves into first[i − from] and
 * second[i − from]: one tight loop (about 4 times faster than a call per value, which goes
 * through the slots).
 */
export function hashNumbers(
  xs: Float64Array,
  from: number,
  to: number,
  first: Int32Array,
  second: Int32Array,
  salt = 0
): void {
  for (let i = from; i < to; i++) {
    const value = xs[i];
    f64[0] = value === 0 ? 0 : value;
    const lo = u32[0];
    const hi = u32[1];
    first[i - from] = fmix(lo ^ Math.imul(hi, 0x9e3779b1) ^ salt ^ 8);
    second[i - from] = fmix(hi ^ Math.imul(lo, 0x85ebca77) ^ salt ^ Math.imul(8, 0x27d4eb2f));
  }
}

/** The key of the halves h1, h2 (as `finish` makes it). */
export const keyOf = (h1: number, h2: number): number => (h1 >>> 0) * 2097152 + (h2 >>> 11);

/** Of a number's value (its 64 bits); `salt` keeps booleans and dates apart from numbers. */
export function hashNumber(value: number, salt = 0): number {
  f64[0] = value === 0 ? 0 : value; // -0 and 0 are one value
  const lo = u32[0];
  const hi = u32[1];
  return finish(lo ^ Math.imul(hi, 0x9e3779b1) ^ salt, hi ^ Math.imul(lo, 0x85ebca77) ^ salt, 8);
}
