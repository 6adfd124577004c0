import type { ColumnStatistics, ColumnType, DatasetFormat, DatasetProfile, Histogram } from './profile';

/** The dataset record and its parts, as in schemas/dataset.schema.json. */

export interface DatasetNote {
  time: string;
  author: string;
  text: string;
}

/** What people wrote about a dataset; shared by all its versions. */
export interface DatasetAnnotations {
  description: string;
  tags: string[];
  owner: string;
  columnNotes: Record<string, string>;
  notes: DatasetNote[];
}

export interface DatasetVersionSummary {
  version: number;
  sha256: string;
  rows: number;
  bytes: number;
  createdAt: string;
  createdBy: string;
}

export interface DatasetReader {
  runId: string;
  runName: string;
  experiment: string;
  startTime: string;
}

export interface DatasetRecord {
  name: string;
  version: number;
  sha256: string;
  location: string;
  format: DatasetFormat;
  rows: number;
  bytes: number;
  schema: { name: string; type: ColumnType; nullable: boolean }[];
  statistics: Record<string, ColumnStatistics>;
  histograms: Record<string, Histogram>;
  badRows?: { count: number; lines: number[] };
  annotations: DatasetAnnotations;
  createdBy: string;
  createdAt: string;
  lineage: { producedBy: string | null; readBy: DatasetReader[] };
  versions: DatasetVersionSummary[];
}

/** One version to store: where the data is and its profile. */
export interface NewDatasetVersion {
  name: string;
  location: string;
  profile: DatasetProfile;
  createdBy: string;
  /** The run registering it, when it comes from a notebook or a job. */
  producedBy?: string | null;
  /** Applied to the dataset's annotations (tags are added, the rest replaced when given). */
  description?: string;
  tags?: string[];
  owner?: string;
}

export interface Registration {
  record: DatasetRecord;
  /** false when the same content was already registered under this name. */
  created: boolean;
}

export interface DatasetSearch {
  /** Free text; empty lists every dataset, most recently changed first. */
  query?: string;
  format?: DatasetFormat;
  tag?: string;
  owner?: string;
  limit?: number;
}

/** One search result: the latest version of a dataset, with why it matched. */
export interface DatasetHit {
  name: string;
  version: number;
  format: DatasetFormat;
  rows: number;
  bytes: number;
  tags: string[];
  owner: string;
  /** The description with the matched terms between « and » (plain text, never HTML). */
  snippet: string;
  updatedAt: string;
}

export interface AnnotationPatch {
  description?: string;
  tags?: string[];
  owner?: string;
  /** Per column; an empty string removes the note. */
  columnNotes?: Record<string, string>;
}

export interface DatasetStore {
  /** Stores a new version, or finds the version with the same content. */
  register(input: NewDatasetVersion): Promise<Registration>;
  /** The latest version when `version` is omitted; null when there is no such dataset or version. */
  get(name: string, version?: number): Promise<DatasetRecord | null>;
  /** The stored profile of one version (for diffs and drift gates). */
  profile(name: string, version: number): Promise<DatasetProfile | null>;
  search(search: DatasetSearch): Promise<DatasetHit[]>;
  annotate(name: string, patch: AnnotationPatch): Promise<DatasetAnnotations>;
  addNote(name: string, note: { author: string; text: string }): Promise<DatasetAnnotations>;
  /** `name@version` of the versions holding exactly this content (a file read outside the catalog). */
  versionsWithContent(sha256: string): Promise<string[]>;
  /** Datasets whose annotations or versions changed after `since` (ms), for live views. */
  changedSince(since: number): Promise<{ name: string; updatedAt: number }[]>;
}

/** A dataset reference written as `name` or `name@version`. */
export function parseDatasetRef(ref: string): { name: string; version?: number } {
  const match = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,127})(?:@(\d+))?$/.exec(ref.trim());
  if (!match) {
    throw new DatasetError(
      `"${ref}" is not a dataset reference: write name or name@version ` +
        `(a name has letters, digits, '_', '.', '-').`
    );
  }
  return match[2] ? { name: match[1], version: Number(match[2]) } : { name: match[1] };
}

/** A catalog problem a user can act on: an unknown name or version, a bad name. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}
