import type { DatasetProfile } from './profile';
import type { AnnotationPatch, DatasetAnnotations, DatasetRecord } from './types';

/** Rows of the catalog tables and how they become records: the same for both engines. */

export const iso = (ms: number): string => new Date(ms).toISOString();

export interface DatasetRow {
  id: number;
  name: string;
  description: string;
  owner: string;
  column_notes: string;
  latest_version: number;
  updated_at: number;
}

export interface VersionRow {
  version: number;
  sha256: string;
  location: string;
  format: DatasetRecord['format'];
  rows: number;
  bytes: number;
  profile: string;
  created_by: string;
  created_at: number;
  produced_by: string | null;
}

export interface ReaderRow {
  runId: string;
  runName: string;
  experiment: string;
  start: number;
}

export type NoteRow = { time: number; author: string; text: string };

/** The runs that read a version, newest first (`name@version` in their data refs). */
export const READERS_SQL = `SELECT r.id AS "runId", r.name AS "runName", r.experiment, max(r.start_time) AS start
    FROM run_data_refs x JOIN runs r ON r.id = x.run_id
   WHERE x.dataset = ? GROUP BY r.id, r.name, r.experiment ORDER BY start DESC LIMIT 100`;

/** The profile column of a version as stored: the columns and the bad rows, as JSON. */
export function storedProfile(profile: DatasetProfile): string {
  return JSON.stringify({ columns: profile.columns, badRows: profile.badRows });
}

export function versionProfile(row: VersionRow): DatasetProfile {
  const { columns, badRows } = JSON.parse(row.profile) as DatasetProfile;
  return {
    format: row.format,
    rows: row.rows,
    bytes: row.bytes,
    sha256: row.sha256,
    columns,
    ...(badRows ? { badRows } : {})
  };
}

export function annotationsFrom(dataset: DatasetRow, tags: string[], notes: NoteRow[]): DatasetAnnotations {
  return {
    description: dataset.description,
    tags,
    owner: dataset.owner,
    columnNotes: JSON.parse(dataset.column_notes) as Record<string, string>,
    notes: notes.map(n => ({ time: iso(n.time), author: n.author, text: n.text }))
  };
}

/** The stored column notes with a patch applied: an empty note removes that column's note. */
export function mergedColumnNotes(
  stored: string,
  patch: NonNullable<AnnotationPatch['columnNotes']>
): string {
  const notes = { ...(JSON.parse(stored) as Record<string, string>), ...patch };
  for (const [column, text] of Object.entries(notes)) {
    if (!text.trim()) {
      delete notes[column];
    }
  }
  return JSON.stringify(notes);
}

export const cleanTags = (tags: string[]): string[] => [...new Set(tags.map(t => t.trim()).filter(Boolean))];

export function datasetRecord(
  dataset: DatasetRow,
  row: VersionRow,
  annotations: DatasetAnnotations,
  readBy: ReaderRow[],
  versions: VersionRow[]
): DatasetRecord {
  const profile = JSON.parse(row.profile) as Pick<DatasetProfile, 'columns' | 'badRows'>;
  return {
    name: dataset.name,
    version: row.version,
    sha256: row.sha256,
    location: row.location,
    format: row.format,
    rows: row.rows,
    bytes: row.bytes,
    schema: profile.columns.map(c => ({ name: c.name, type: c.type, nullable: c.nullable })),
    statistics: Object.fromEntries(profile.columns.map(c => [c.name, c.statistics])),
    histograms: Object.fromEntries(profile.columns.filter(c => c.histogram).map(c => [c.name, c.histogram!])),
    ...(profile.badRows ? { badRows: profile.badRows } : {}),
    annotations,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    lineage: {
      producedBy: row.produced_by,
      readBy: readBy.map(r => ({
        runId: r.runId,
        runName: r.runName,
        experiment: r.experiment,
        startTime: iso(r.start)
      }))
    },
    versions: versions.map(v => ({
      version: v.version,
      sha256: v.sha256,
      rows: v.rows,
      bytes: v.bytes,
      createdAt: iso(v.created_at),
      createdBy: v.created_by
    }))
  };
}

/** The five searchable fields of a dataset (weighted name > tags > columns > description > annotations). */
export type SearchFields = Record<'name' | 'tags' | 'description' | 'annotations' | 'columns', string>;

/** What a search filters a dataset by: its latest version's format, its owner, its tags. */
export interface SearchKeys {
  format: string;
  owner: string;
  tags: string[];
}

export function searchFields(
  dataset: DatasetRow,
  annotations: DatasetAnnotations,
  latestProfile: string | undefined
): SearchFields {
  const columns = latestProfile ? (JSON.parse(latestProfile) as DatasetProfile).columns.map(c => c.name) : [];
  return {
    name: dataset.name,
    tags: annotations.tags.join(' '),
    description: dataset.description,
    annotations: [
      annotations.owner,
      ...Object.entries(annotations.columnNotes).map(([column, note]) => `${column}: ${note}`),
      ...annotations.notes.map(n => n.text)
    ].join('\n'),
    columns: columns.join(' ')
  };
}
