import type { TranslationBundle } from '@jupyterlab/translation';
import { IRunRecord } from '../src/experiments/types';

/** A finished run record as the service sends it; each test overrides what it is about. */
export function runRecord(overrides: Partial<IRunRecord> = {}): IRunRecord {
  return {
    id: 'a'.repeat(32),
    name: 'baseline',
    experiment: 'nb/train.ipynb',
    status: 'finished',
    source: 'interactive',
    user: 'ana',
    host: 'box',
    jobId: null,
    startTime: '2026-11-27T09:00:00.000Z',
    endTime: '2026-11-27T09:01:00.000Z',
    code: { git: null, notebook: null },
    cells: [],
    environment: { packages: {} },
    params: {},
    metrics: {},
    dataRefs: [],
    artifacts: [],
    tags: {},
    notes: '',
    ...overrides
  };
}

/** A metric's points at steps 0, 1, 2…, logged within the run. */
export function series(values: number[]): IRunRecord['metrics'][string] {
  return values.map((value, step) => ({ step, value, time: '2026-11-27T09:00:30.000Z' }));
}

/** JupyterLab's null translation (its package is ESM, which these node tests do not load). */
const format = (text: string, args: unknown[]) =>
  text.replace(/%(\d)/g, (_, i) => String(args[Number(i) - 1]));
export const trans = {
  __: (text: string, ...args: unknown[]) => format(text, args),
  _n: (one: string, many: string, n: number, ...args: unknown[]) => format(n === 1 ? one : many, [n, ...args])
} as unknown as TranslationBundle;
