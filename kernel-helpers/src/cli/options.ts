import { InvalidArgumentError } from 'commander';
import { MAX_SEED } from '../capture/seeded-random';

/** Option parsers shared by the commands (commander calls them with each value given). */

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('a positive number of seconds.');
  }
  return n;
}

/** Seconds, 0 included (a debounce of 0: every version at once). */
export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('a number of seconds, 0 or more.');
  }
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new InvalidArgumentError('a whole number above 0.');
  }
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError('a whole number, 0 or more.');
  }
  return n;
}

/** A seed: a whole number from 0 to 2^32 - 1. */
export function seedOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > MAX_SEED) {
    throw new InvalidArgumentError(`a whole number from 0 to ${MAX_SEED}.`);
  }
  return n;
}

/** The zone of this machine, the default for a schedule's --tz. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  }
  return port;
}
