import type { AnnotationPatch, DatasetAnnotations, DatasetHit, DatasetRecord } from '../../contracts';
import type { DatasetFormat, DatasetProfile } from './profile';

/** The dataset record and its parts (schemas/dataset.schema.json), a search hit and an annotation change (schemas/api.schema.json): generated in src/contracts. */
export type {
  AnnotationPatch,
  DatasetAnnotations,
  DatasetHit,
  DatasetNote,
  DatasetReader,
  DatasetRecord,
  DatasetVersionSummary
} from '../../contracts';

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
