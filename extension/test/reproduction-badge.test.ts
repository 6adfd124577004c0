import type { TranslationBundle } from '@jupyterlab/translation';
import { reproductionBadge } from '../src/experiments/reproduction';
import { IRunRecord } from '../src/experiments/types';

/** JupyterLab's null translation (its package is ESM, which these node tests do not load). */
const format = (text: string, args: unknown[]) =>
  text.replace(/%(\d)/g, (_, i) => String(args[Number(i) - 1]));
const trans = {
  __: (text: string, ...args: unknown[]) => format(text, args),
  _n: (one: string, many: string, n: number, ...args: unknown[]) => format(n === 1 ? one : many, [n, ...args])
} as unknown as TranslationBundle;
const ORIGINAL = '1a2b3c4d'.repeat(4);
const REPRODUCTION = '5e6f7a8b'.repeat(4);

function run(tags: Record<string, string>): IRunRecord {
  return {
    id: ORIGINAL,
    name: 'train',
    experiment: 'train.ipynb',
    status: 'finished',
    source: 'batch',
    user: 'ana',
    host: 'box',
    jobId: null,
    startTime: '2026-12-02T09:00:00.000Z',
    endTime: '2026-12-02T09:01:00.000Z',
    code: { git: null, notebook: null },
    cells: [],
    environment: { packages: {} },
    params: {},
    metrics: {},
    dataRefs: [],
    artifacts: [],
    tags,
    notes: '',
    seed: 7
  };
}

describe("the run detail's reproduction badge", () => {
  test('a run reproduced exactly, or within tolerance, names the run that reproduced it', () => {
    const tags = { 'mlnb.reproduced_by': REPRODUCTION, 'mlnb.reproduced_differing_metrics': '0' };
    expect(reproductionBadge(run({ ...tags, 'mlnb.reproduced': 'exact' }), trans)).toEqual({
      verdict: 'exact',
      text: 'Reproduced exactly by run 5e6f7a8b',
      otherRunId: REPRODUCTION
    });
    expect(reproductionBadge(run({ ...tags, 'mlnb.reproduced': 'within' }), trans)?.text).toBe(
      'Reproduced within tolerance by run 5e6f7a8b'
    );
  });

  test('a run whose reproduction differs counts the metrics that differ', () => {
    const differs = (count: string) =>
      reproductionBadge(
        run({
          'mlnb.reproduced': 'differs',
          'mlnb.reproduced_by': REPRODUCTION,
          'mlnb.reproduced_differing_metrics': count
        }),
        trans
      )?.text;
    expect(differs('3')).toBe('Differs: 3 metrics (run 5e6f7a8b)');
    expect(differs('1')).toBe('Differs: 1 metric (run 5e6f7a8b)');
  });

  test('a reproduction names the run it reproduces; a run never reproduced has no badge', () => {
    expect(
      reproductionBadge(run({ 'mlnb.reproduced': 'exact', 'mlnb.reproduces': REPRODUCTION }), trans)
    ).toEqual({ verdict: 'exact', text: 'Reproduces run 5e6f7a8b exactly', otherRunId: REPRODUCTION });
    expect(reproductionBadge(run({}), trans)).toBeNull();
    expect(reproductionBadge(run({ 'mlnb.reproduced': 'exact' }), trans)).toBeNull();
  });
});
