import type { TranslationBundle } from '@jupyterlab/translation';
import type { IRunRecord } from './types';

/** The tags `mlnb runs reproduce` keeps on both runs (kernel-helpers/src/reproduce/reproduce.ts). */
const REPRODUCED = 'mlnb.reproduced';
const REPRODUCED_BY = 'mlnb.reproduced_by';
const DIFFERING_METRICS = 'mlnb.reproduced_differing_metrics';
const REPRODUCES = 'mlnb.reproduces';

/** What the run detail's badge says about a run's last reproduction, and the run it compares with. */
export interface IReproductionBadge {
  verdict: 'exact' | 'within' | 'differs';
  text: string;
  /** The other run of the pair: the reproduction, or the run reproduced. */
  otherRunId: string;
}

/** The badge of a run that was reproduced, or that is a reproduction; null for any other run. */
export function reproductionBadge(run: IRunRecord, trans: TranslationBundle): IReproductionBadge | null {
  const verdict = run.tags[REPRODUCED];
  if (verdict !== 'exact' && verdict !== 'within' && verdict !== 'differs') {
    return null;
  }
  const by = run.tags[REPRODUCED_BY];
  const of = run.tags[REPRODUCES];
  const otherRunId = by ?? of;
  if (!otherRunId) {
    return null;
  }
  const other = otherRunId.slice(0, 8);
  const differing = Number(run.tags[DIFFERING_METRICS] ?? NaN);
  let text: string;
  if (of) {
    text = {
      exact: trans.__('Reproduces run %1 exactly', other),
      within: trans.__('Reproduces run %1 within tolerance', other),
      differs: trans.__('Differs from run %1, which it reproduces', other)
    }[verdict];
  } else if (verdict === 'differs') {
    text = Number.isFinite(differing)
      ? trans._n('Differs: %1 metric (run %2)', 'Differs: %1 metrics (run %2)', differing, other)
      : trans.__('Differs (run %1)', other);
  } else {
    text =
      verdict === 'exact'
        ? trans.__('Reproduced exactly by run %1', other)
        : trans.__('Reproduced within tolerance by run %1', other);
  }
  return { verdict, text, otherRunId };
}
