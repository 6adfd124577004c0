import { InvalidArgumentError } from 'commander';
import { MAX_SEED } from '../capture/seeded-random';

/** Option parsers shared by the commands (commander calls them with each value given). */

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * A number option's parser: the value as a number when `accepts` it, else commander's error
 * saying what it takes (an empty value is never a number, though Number('') is 0).
 */
function numberOption(
  accepts: (n: number, text: string) => boolean,
  takes: string
): (value: string) => number {
  return value => {
    const n = Number(value);
    if (value.trim() === '' || !accepts(n, value)) {
      throw new InvalidArgumentError(takes);
    }
    return n;
  };
}

export const positiveSeconds = numberOption(
  n => Number.isFinite(n) && n > 0,
  'a positive number of seconds.'
);
/** Seconds, 0 included (a debounce of 0: every version at once). */
export const seconds = numberOption(n => Number.isFinite(n) && n >= 0, 'a number of seconds, 0 or more.');
export const positiveInteger = numberOption(n => Number.isInteger(n) && n > 0, 'a whole number above 0.');
export const wholeNumber = numberOption(n => Number.isInteger(n) && n >= 0, 'a whole number, 0 or more.');
/** A seed: a whole number from 0 to 2^32 - 1. */
export const seedOption = numberOption(
  (n, text) => /^\d+$/.test(text) && n <= MAX_SEED,
  `a whole number from 0 to ${MAX_SEED}.`
);
export const parsePort = numberOption(
  n => Number.isInteger(n) && n >= 0 && n <= 65535,
  'a port is a whole number from 0 to 65535.'
);

/** The zone of this machine, the default for a schedule's --tz. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
