import type Database from 'better-sqlite3';
import type { DatasetProfile } from '../../profile/types';
import {
  AnnotationPatch,
  DatasetAnnotations,
  DatasetError,
  DatasetHit,
  DatasetRecord,
  DatasetSearch,
  DatasetStore,
  NewDatasetVersion,
  Registration
} from './types';
import {
  annotationsFrom,
  cleanTags,
  datasetRecord,
  DatasetRow,
  mergedColumnNotes,
  NoteRow,
  READERS_SQL,
  ReaderRow,
  searchFields,
  storedProfile,
  VersionRow,
  versionProfile
} from './rows';
import { searchDatasets } from './sqlite-search';

/** The catalog in SQLite: one row per name, one per version (with its profile as JSON), FTS5 search. */
export class SqliteDatasetStore implements DatasetStore {
  /** Asked four times a second while the panels listen (change-feed.ts): prepared once. */
  private readonly changedSinceStatement: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.changedSinceStatement = db.prepare(
      'SELECT name, updated_at FROM datasets WHERE updated_at > ? ORDER BY updated_at'
    );
  }

  async register(input: NewDatasetVersion): Promise<Registration> {
    const now = Date.now();
    const write = this.db.transaction((): { version: number; created: boolean } => {
      this.db
        .prepare(
          `INSERT INTO datasets (name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`
        )
        .run(input.name, now, now);
      const dataset = this.datasetRow(input.name)!;
      const same = this.db
        .prepare('SELECT version FROM dataset_versions WHERE dataset_id = ? AND sha256 = ?')
        .get(dataset.id, input.profile.sha256) as { version: number } | undefined;
      let version = same?.version;
      if (version === undefined) {
        const { latest } = this.db
          .prepare('SELECT coalesce(max(version), 0) AS latest FROM dataset_versions WHERE dataset_id = ?')
          .get(dataset.id) as { latest: number };
        version = latest + 1;
        this.db.prepare('UPDATE datasets SET latest_version = ? WHERE id = ?').run(version, dataset.id);
        const { profile } = input;
        this.db
          .prepare(
            `INSERT INTO dataset_versions (dataset_id, version, sha256, location, format, rows, bytes,
               profile, created_by, created_at, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            dataset.id,
            version,
            profile.sha256,
            input.location,
            profile.format,
            profile.rows,
            profile.bytes,
            storedProfile(profile),
            input.createdBy,
            now,
            input.producedBy ?? null
          );
      }
      this.applyAnnotations(dataset.id, {
        description: input.description,
        owner: input.owner ?? (dataset.owner ? undefined : input.createdBy),
        tags: input.tags ? [...new Set([...this.tagsOf(dataset.id), ...input.tags])] : undefined
      });
      this.touch(dataset.id, now);
      return { version, created: same === undefined };
    });
    const { version, created } = write.immediate();
    return { record: (await this.get(input.name, version))!, created };
  }

  async get(name: string, version?: number): Promise<DatasetRecord | null> {
    const dataset = this.datasetRow(name);
    if (!dataset) {
      return null;
    }
    const row = (
      version === undefined
        ? this.db
            .prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1')
            .get(dataset.id)
        : this.db
            .prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? AND version = ?')
            .get(dataset.id, version)
    ) as VersionRow | undefined;
    if (!row) {
      return null;
    }
    const readBy = this.db.prepare(READERS_SQL).all(`${name}@${row.version}`) as ReaderRow[];
    const versions = this.db
      .prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC')
      .all(dataset.id) as VersionRow[];
    return datasetRecord(dataset, row, this.annotationsOf(dataset), readBy, versions);
  }

  async profile(name: string, version: number): Promise<DatasetProfile | null> {
    const row = this.db
      .prepare(
        `SELECT v.* FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
          WHERE d.name = ? AND v.version = ?`
      )
      .get(name, version) as VersionRow | undefined;
    if (!row) {
      return null;
    }
    return versionProfile(row);
  }

  async search(search: DatasetSearch): Promise<DatasetHit[]> {
    return searchDatasets(this.db, search);
  }

  async annotate(name: string, patch: AnnotationPatch): Promise<DatasetAnnotations> {
    const apply = this.db.transaction(() => {
      const dataset = this.requireDataset(name);
      this.applyAnnotations(dataset.id, patch);
      this.touch(dataset.id, Date.now());
      return this.annotationsOf(this.datasetRow(name)!);
    });
    return apply.immediate();
  }

  async addNote(name: string, note: { author: string; text: string }): Promise<DatasetAnnotations> {
    const apply = this.db.transaction(() => {
      const dataset = this.requireDataset(name);
      const now = Date.now();
      this.db
        .prepare('INSERT INTO dataset_notes (dataset_id, time, author, text) VALUES (?, ?, ?, ?)')
        .run(dataset.id, now, note.author, note.text);
      this.touch(dataset.id, now);
      return this.annotationsOf(dataset);
    });
    return apply.immediate();
  }

  async versionsWithContent(sha256: string): Promise<string[]> {
    return (
      this.db
        .prepare(
          `SELECT d.name || '@' || v.version AS ref FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
            WHERE v.sha256 = ? ORDER BY d.name, v.version`
        )
        .all(sha256) as { ref: string }[]
    ).map(row => row.ref);
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    return (this.changedSinceStatement.all(since) as { name: string; updated_at: number }[]).map(row => ({
      name: row.name,
      updatedAt: row.updated_at
    }));
  }

  private datasetRow(name: string): DatasetRow | undefined {
    return this.db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as DatasetRow | undefined;
  }

  private requireDataset(name: string): DatasetRow {
    const dataset = this.datasetRow(name);
    if (!dataset) {
      throw new DatasetError(`No dataset named "${name}" in the catalog.`);
    }
    return dataset;
  }

  private tagsOf(datasetId: number): string[] {
    return (
      this.db.prepare('SELECT tag FROM dataset_tags WHERE dataset_id = ? ORDER BY tag').all(datasetId) as {
        tag: string;
      }[]
    ).map(row => row.tag);
  }

  private annotationsOf(dataset: DatasetRow): DatasetAnnotations {
    const notes = this.db
      .prepare('SELECT time, author, text FROM dataset_notes WHERE dataset_id = ? ORDER BY time, rowid')
      .all(dataset.id) as NoteRow[];
    return annotationsFrom(dataset, this.tagsOf(dataset.id), notes);
  }

  /** Writes the given fields (inside the caller's transaction). */
  private applyAnnotations(datasetId: number, patch: AnnotationPatch): void {
    if (patch.description !== undefined) {
      this.db.prepare('UPDATE datasets SET description = ? WHERE id = ?').run(patch.description, datasetId);
    }
    if (patch.owner !== undefined) {
      this.db.prepare('UPDATE datasets SET owner = ? WHERE id = ?').run(patch.owner, datasetId);
    }
    if (patch.tags !== undefined) {
      this.db.prepare('DELETE FROM dataset_tags WHERE dataset_id = ?').run(datasetId);
      const insert = this.db.prepare('INSERT OR IGNORE INTO dataset_tags (dataset_id, tag) VALUES (?, ?)');
      for (const tag of cleanTags(patch.tags)) {
        insert.run(datasetId, tag);
      }
    }
    if (patch.columnNotes !== undefined) {
      const { column_notes } = this.db
        .prepare('SELECT column_notes FROM datasets WHERE id = ?')
        .get(datasetId) as { column_notes: string };
      this.db
        .prepare('UPDATE datasets SET column_notes = ? WHERE id = ?')
        .run(mergedColumnNotes(column_notes, patch.columnNotes), datasetId);
    }
  }

  /** Marks a change and rebuilds the dataset's search row from what is stored now. */
  private touch(datasetId: number, now: number): void {
    this.db
      .prepare('UPDATE datasets SET updated_at = max(updated_at + 1, ?) WHERE id = ?')
      .run(now, datasetId);
    this.reindex(datasetId);
  }

  /** Rebuilds the dataset's search row from what is stored now (also after a copy). */
  reindex(datasetId: number): void {
    const dataset = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(datasetId) as DatasetRow;
    const latest = this.db
      .prepare('SELECT profile FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1')
      .get(datasetId) as { profile: string } | undefined;
    const fields = searchFields(dataset, this.annotationsOf(dataset), latest?.profile);
    this.db.prepare('DELETE FROM dataset_search WHERE rowid = ?').run(datasetId);
    this.db
      .prepare(
        `INSERT INTO dataset_search (rowid, name, tags, description, annotations, columns)
         VALUES (@id, @name, @tags, @description, @annotations, @columns)`
      )
      .run({ id: datasetId, ...fields });
  }
}
