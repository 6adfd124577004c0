import type { MetricPoint } from '../store/runs/types';
import { checkName } from './values';

/**
 * Metric points of the current run waiting to be written, with each series' last step so that
 * `log` without a step continues the series (from 0 in a new run).
 */
export class MetricBuffer {
  private points: MetricPoint[] = [];
  private readonly steps = new Map<string, number>();

  /** Throws a TypeError naming the first bad metric or step; nothing is buffered then. */
  static check(metrics: Record<string, number>, step?: number): void {
    if (step !== undefined && !Number.isInteger(step)) {
      throw new TypeError(`mlnb.log: the step must be a whole number, not ${step}`);
    }
    for (const [key, value] of Object.entries(metrics)) {
      checkName('metric', key);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TypeError(`mlnb.log: metric "${key}" must be a finite number, not ${String(value)}`);
      }
    }
  }

  add(metrics: Record<string, number>, step?: number): void {
    const time = Date.now();
    for (const [key, value] of Object.entries(metrics)) {
      const last = this.steps.get(key);
      const at = step ?? (last === undefined ? 0 : last + 1);
      this.steps.set(key, Math.max(at, last ?? at));
      this.points.push({ key, value, step: at, time });
    }
  }

  /** The buffered points, leaving the buffer empty. */
  take(): MetricPoint[] {
    const points = this.points;
    this.points = [];
    return points;
  }

  /** A new run: series start again at step 0. */
  reset(): void {
    this.points = [];
    this.steps.clear();
  }
}
