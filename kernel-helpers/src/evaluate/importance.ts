import type { FeatureImportance } from '../store/models/evaluation';
import seedrandom from 'seedrandom';

export type { FeatureImportance };

export interface ImportanceOptions {
  repeats: number;
  seed: number;
}

/**
 * Permutation feature importance (Breiman; scikit-learn's `permutation_importance`): shuffle one
 * column at a time, score again, and record how much the score drops; repeated with different
 * shuffles to show the spread. `score` is higher-is-better. Sorted most important first.
 */
export function permutationImportance(
  rows: number[][],
  featureNames: string[],
  score: (rows: number[][]) => number,
  { repeats, seed }: ImportanceOptions
): FeatureImportance[] {
  const baseline = score(rows);
  const random = seedrandom(String(seed));
  const result = featureNames.map((feature, j) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const column = shuffle(
        rows.map(row => row[j]),
        random
      );
      drops.push(baseline - score(rows.map((row, i) => row.map((v, c) => (c === j ? column[i] : v)))));
    }
    const mean = drops.reduce((s, d) => s + d, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / drops.length);
    return { feature, mean, std, drops };
  });
  return result.sort((a, b) => b.mean - a.mean);
}

/** Fisher-Yates, with the seeded generator so that an evaluation can be repeated exactly. */
function shuffle<T>(values: T[], random: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}
