import { randomInt } from 'node:crypto';
import seedrandom from 'seedrandom';

/**
 * `Math.random` drawn from a seeded generator, so that a run repeats exactly: tfjs seeds its
 * initialisers, `fit`'s shuffling and dropout from `Math.random`, and so does plain user code.
 * The generator is seedrandom's Alea (the same family tfjs uses internally): fast, 32-bit seeds,
 * and the same sequence on every platform and Node version.
 */

/** The largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

/** Draws since the last `seedMathRandom`: a seed set before any draw is where the run started from. */
let draws = 0;

/** A fresh seed from the operating system's generator (Math.random may itself be seeded already). */
export function randomSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

/** Makes `Math.random` repeat the sequence of `seed` from now on. */
export function seedMathRandom(seed: number): void {
  const next = seedrandom.alea(String(checkSeed(seed)));
  draws = 0;
  Math.random = () => {
    draws++;
    return next();
  };
}

/** How many numbers `Math.random` gave since it was last seeded. */
export function drawsSinceSeeded(): number {
  return draws;
}

/** `seed` when it is a whole number from 0 to 2^32 - 1; else a TypeError saying so. */
export function checkSeed(seed: unknown, what = 'a seed'): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new TypeError(`${what} is a whole number from 0 to ${MAX_SEED}, not ${JSON.stringify(seed)}.`);
  }
  return seed;
}
