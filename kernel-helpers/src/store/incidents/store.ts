import { randomBytes } from 'node:crypto';
import type { Driver } from '../engine/driver';
import { SqlEntityStore } from '../engine/entity-store';
import { downstream, upstream } from './lineage';
import { incidentRecord, INCIDENT_SQL as S, IncidentRow, NoteRow } from './sql';
import {
  AffectedSet,
  IncidentError,
  IncidentRecord,
  IncidentStatus,
  IncidentStore,
  IncidentTarget,
  NewIncident
} from './types';

/**
 * Incidents, written once over either engine's driver: a row per incident and per note. What an
 * incident affects is not stored but followed through the lineage when read, so a run recorded
 * after the incident was opened is affected too.
 */
export class SqlIncidentStore extends SqlEntityStore implements IncidentStore {
  async open(input: NewIncident): Promise<IncidentRecord> {
    const id = randomBytes(6).toString('hex');
    const now = Date.now();
    await this.notifying(async tx => {
      await tx.run(S.insert, [id, input.title, input.target.kind, input.target.ref, input.by, now, now]);
      if (input.note) {
        await tx.run(S.insertNote, [id, 1, now, input.by, input.note]);
      }
    });
    return (await this.get(id))!;
  }

  async list(status?: IncidentStatus): Promise<IncidentRecord[]> {
    const rows = status
      ? await this.db.all<IncidentRow>(S.listByStatus, [status])
      : await this.db.all<IncidentRow>(S.list);
    return Promise.all(rows.map(row => this.record(row)));
  }

  async get(id: string): Promise<IncidentRecord | null> {
    const row = await this.db.get<IncidentRow>(S.get, [id]);
    return row ? this.record(row) : null;
  }

  async findIds(prefix: string, limit: number): Promise<string[]> {
    return this.idsStartingWith(S.findIds, prefix, limit);
  }

  async addNote(id: string, note: { by: string; text: string }): Promise<IncidentRecord> {
    await this.notifying(
      async tx => {
        await lockedIncident(tx, id);
        await appendNote(tx, id, note.by, note.text, Date.now());
      },
      { locked: true }
    );
    return (await this.get(id))!;
  }

  async resolve(id: string, by: string, note?: string): Promise<IncidentRecord> {
    await this.notifying(
      async tx => {
        const row = await lockedIncident(tx, id);
        if (row.status === 'resolved') {
          throw new IncidentError(
            `Incident ${id} was resolved already (by ${row.resolved_by} at ` +
              `${new Date(Number(row.resolved_at)).toISOString()}); nothing changed.`
          );
        }
        const now = Date.now();
        if (note) {
          await appendNote(tx, id, by, note, now);
        }
        await tx.run(S.resolve, [by, now, now, id]);
      },
      { locked: true }
    );
    return (await this.get(id))!;
  }

  affected(target: IncidentTarget): Promise<AffectedSet> {
    return downstream(this.db, target);
  }

  upstream(roots: { models: string[]; runs: string[] }): Promise<AffectedSet> {
    return upstream(this.db, roots);
  }

  async changedSince(since: number): Promise<{ id: string; updatedAt: number }[]> {
    return this.changesSince('id', S.changedSince, [since]);
  }

  private async record(row: IncidentRow): Promise<IncidentRecord> {
    const notes = await this.db.all<NoteRow>(S.notes, [row.id]);
    const target = { kind: row.target_kind, ref: row.target_ref };
    return incidentRecord(row, notes, await downstream(this.db, target));
  }
}

/** The incident's row, locked until the transaction ends; an unknown id is the caller's error. */
async function lockedIncident(tx: Driver, id: string): Promise<IncidentRow> {
  const row = await tx.get<IncidentRow>(`${S.get}${tx.lockRows}`, [id]);
  if (!row) {
    throw new IncidentError(`No incident ${id}.`);
  }
  return row;
}

async function appendNote(tx: Driver, id: string, by: string, text: string, at: number): Promise<void> {
  const { seq } = (await tx.get<{ seq: number }>(S.nextSeq, [id]))!;
  await tx.run(S.insertNote, [id, seq, at, by, text]);
  await tx.run(S.touch, [at, id]);
}
