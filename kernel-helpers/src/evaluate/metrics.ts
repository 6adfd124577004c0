import type { ClassScores } from '../store/models/evaluation';

/**
 * Evaluation metrics over plain arrays. Written out rather than taken from a library: each is a
 * few lines of a textbook formula, and no package here covers classification (with ROC-AUC that
 * handles ties) and regression together with the zero-division rule below.
 * A precision, recall or F1 whose denominator is 0 is 0 (scikit-learn's `zero_division=0`).
 */

export type { ClassScores };

export interface ClassificationMetrics {
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  perClass: ClassScores[];
  /** Rows are the true classes, columns the predicted ones, in the order of `labels`. */
  confusionMatrix: number[][];
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** Class indices in, metrics out. `truth[i]` and `predicted[i]` are indices into `labels`. */
export function classificationMetrics(
  truth: number[],
  predicted: number[],
  labels: string[]
): ClassificationMetrics {
  const k = labels.length;
  const confusionMatrix = labels.map(() => new Array<number>(k).fill(0));
  truth.forEach((t, i) => confusionMatrix[t][predicted[i]]++);
  const perClass = labels.map((label, c) => {
    const truePositives = confusionMatrix[c][c];
    const predictedAsC = confusionMatrix.reduce((s, row) => s + row[c], 0);
    const support = confusionMatrix[c].reduce((s, v) => s + v, 0);
    const precision = ratio(truePositives, predictedAsC);
    const recall = ratio(truePositives, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const correct = labels.reduce((s, _, c) => s + confusionMatrix[c][c], 0);
  return {
    accuracy: ratio(correct, truth.length),
    precisionMacro: mean(perClass.map(c => c.precision)),
    recallMacro: mean(perClass.map(c => c.recall)),
    f1Macro: mean(perClass.map(c => c.f1)),
    perClass,
    confusionMatrix
  };
}

/**
 * The area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting half (the Mann-Whitney U statistic over average ranks).
 * NaN when only one class is present.
 */
export function rocAuc(positive: boolean[], scores: number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) {
      end++;
    }
    const averageRank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) {
      ranks[order[j]] = averageRank;
    }
    start = end + 1;
  }
  const positives = positive.filter(Boolean).length;
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) {
    return NaN;
  }
  const positiveRankSum = ranks.reduce((s, r, i) => s + (positive[i] ? r : 0), 0);
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** RMSE, MAE and R² (1 - residual sum of squares / total sum of squares; NaN for a constant truth). */
export function regressionMetrics(truth: number[], predicted: number[]): RegressionMetrics {
  const errors = truth.map((t, i) => predicted[i] - t);
  const truthMean = mean(truth);
  const residual = errors.reduce((s, e) => s + e * e, 0);
  const total = truth.reduce((s, t) => s + (t - truthMean) ** 2, 0);
  return {
    rmse: Math.sqrt(residual / truth.length),
    mae: mean(errors.map(Math.abs)),
    r2: total === 0 ? NaN : 1 - residual / total
  };
}
