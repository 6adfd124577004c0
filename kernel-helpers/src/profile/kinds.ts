import type { ColumnType } from './types';

/** Kinds of values seen in a column, as bits. */
export const INTEGER = 1;
export const NUMBER = 2;
export const BOOLEAN = 4;
export const DATETIME = 8;
export const STRING = 16;
/** The kind of each Cell, by its number. */
export const KIND_BITS: number[] = [0, INTEGER, NUMBER, BOOLEAN, DATETIME, STRING];
export const NUMERIC = INTEGER | NUMBER;

/** A string column is categorical with at most this many distinct values… */
const CATEGORICAL_MAX_DISTINCT = 100;
/** …each seen this many times on average (count ≥ 10 × distinct). */
const CATEGORICAL_MIN_REPEATS = 10;

/** Whether a text column of `count` values, `distinct` of them different, is categorical. */
export function isCategorical(count: number, distinct: number): boolean {
  return count > 0 && distinct <= CATEGORICAL_MAX_DISTINCT && count >= CATEGORICAL_MIN_REPEATS * distinct;
}

/** Whether the kinds seen are of one family: numbers, booleans or datetimes (or none yet). */
export function isSingleFamily(kinds: number): boolean {
  return (kinds & ~NUMERIC) === 0 || kinds === BOOLEAN || kinds === DATETIME;
}

/**
 * A column's type from the kinds of its values: the narrowest that all fit. Text is categorical
 * by its exact distinct count (`distinct`: undefined when only estimated).
 */
export function typeOfKinds(kinds: number, count: number, distinct: number | undefined): ColumnType {
  if (kinds === 0) {
    return 'string';
  }
  if ((kinds & ~NUMERIC) === 0) {
    return kinds & NUMBER ? 'number' : 'integer';
  }
  if (kinds === BOOLEAN) {
    return 'boolean';
  }
  if (kinds === DATETIME) {
    return 'datetime';
  }
  return distinct !== undefined && isCategorical(count, distinct) ? 'categorical' : 'string';
}
