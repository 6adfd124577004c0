import type { IncidentMark } from '../incidents/affecting';
import type { Store } from '../store/engine/store';
import type { IncidentTargetKind } from '../store/incidents/types';

/** The open incidents that affect one thing a `show` command prints. */
export async function affectedBy(
  store: Store,
  kind: IncidentTargetKind,
  ref: string
): Promise<IncidentMark[]> {
  const { OpenIncidents } = await import('../incidents/affecting');
  return (await OpenIncidents.read(store)).affecting(kind, ref);
}

/** The text of a `show` command with the incident flag above it when something open affects it. */
export function withIncidents(marks: IncidentMark[], text: string): string {
  if (marks.length === 0) {
    return text;
  }
  const list = marks.map(m => `${m.id} "${m.title}"`).join(', ');
  return `AFFECTED by open incident${marks.length > 1 ? 's' : ''} ${list} (mlnb incidents show ID)\n\n${text}`;
}
