import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { MarkedKind, OpenIncidentsModel } from './incidents';

export const BADGE_CLASS = 'jp-mlnb-IncidentBadge';

/**
 * "incident" beside a run, dataset or job that an open incident affects; its tooltip lists the
 * incidents. Titles are user text: React renders them as text, never as HTML.
 */
export function IncidentBadge(props: {
  incidents: OpenIncidentsModel | null;
  kind: MarkedKind;
  refId: string;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { incidents, trans } = props;
  React.useEffect(() => incidents?.start(), [incidents]);
  if (!incidents) {
    return null;
  }
  return (
    <UseSignal signal={incidents.changed}>
      {() => {
        const marks = incidents.marks(props.kind, props.refId);
        if (marks.length === 0) {
          return null;
        }
        const list = marks.map(m => `${m.id} ${m.title}`).join('\n');
        return (
          <span
            className={BADGE_CLASS}
            title={trans.__('Affected by open incidents:\n%1', list)}
            aria-label={trans.__('Affected by %1 open incidents', marks.length)}
          >
            {trans._n('incident', '%1 incidents', marks.length)}
          </span>
        );
      }}
    </UseSignal>
  );
}
