import { reproductionBadge } from '../src/experiments/reproduction';
import { IRunRecord } from '../src/experiments/types';
import { runRecord, trans } from './fixtures';

const ORIGINAL = '1a2b3c4d'.repeat(4);
const REPRODUCTION = '5e6f7a8b'.repeat(4);

function run(tags: Record<string, string>): IRunRecord {
  return runRecord({ id: ORIGINAL, name: 'train', tags, seed: 7 });
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
