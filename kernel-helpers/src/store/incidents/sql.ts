import type { IncidentNote, IncidentRecord, IncidentTarget } from './types';

/** The incident statements, one text for both engines (SQLite's placeholders; pg numbers them). */
export const INCIDENT_SQL = {
  insert: `INSERT INTO incidents (id, title, target_kind, target_ref, status, opened_by, opened_at, updated_at)
      VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
  get: 'SELECT * FROM incidents WHERE id = ?',
  list: 'SELECT * FROM incidents ORDER BY opened_at DESC, id',
  listByStatus: 'SELECT * FROM incidents WHERE status = ? ORDER BY opened_at DESC, id',
  findIds: `SELECT id FROM incidents WHERE id LIKE ? || '%' ORDER BY id LIMIT ?`,
  notes: 'SELECT * FROM incident_notes WHERE incident_id = ? ORDER BY seq',
  nextSeq: 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM incident_notes WHERE incident_id = ?',
  insertNote: 'INSERT INTO incident_notes (incident_id, seq, time, author, text) VALUES (?, ?, ?, ?, ?)',
  touch: 'UPDATE incidents SET updated_at = ? WHERE id = ?',
  resolve: `UPDATE incidents SET status = 'resolved', resolved_by = ?, resolved_at = ?, updated_at = ?
      WHERE id = ? AND status = 'open'`,
  changedSince: 'SELECT id, updated_at FROM incidents WHERE updated_at > ? ORDER BY updated_at'
};

export interface IncidentRow {
  id: string;
  title: string;
  target_kind: IncidentTarget['kind'];
  target_ref: string;
  status: IncidentRecord['status'];
  opened_by: string;
  opened_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
}

export interface NoteRow {
  time: number;
  author: string;
  text: string;
}

const iso = (ms: number): string => new Date(Number(ms)).toISOString();

export function incidentRecord(
  row: IncidentRow,
  notes: NoteRow[],
  affected: IncidentRecord['affected']
): IncidentRecord {
  return {
    id: row.id,
    title: row.title,
    target: { kind: row.target_kind, ref: row.target_ref },
    status: row.status,
    openedBy: row.opened_by,
    openedAt: iso(row.opened_at),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    notes: notes.map((n): IncidentNote => ({ at: iso(n.time), by: n.author, text: n.text })),
    affected
  };
}
