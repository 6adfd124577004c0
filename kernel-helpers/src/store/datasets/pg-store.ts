import type { Pool } from 'pg';
import type { DatasetProfile } from '../../profile/types';
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
import { documentFields, DOCUMENT_SQL, searchDatasetsPg } from './pg-search';
import { all, NOTIFY_CHANGES, one, Queryable, run, transaction } from '../engine/pg-db';

/**
 * The catalog on PostgreSQL, as on SQLite: one row per name, one per version, a weighted
 * tsvector per dataset for search. A write locks the dataset's row, so two registrations of one
 * name at once get versions 1 and 2, never the same number.
 */
export class PgDatasetStore implements DatasetStore {
  constructor(private readonly pool: Pool) {}

  async register(input: NewDatasetVersion): Promise<Registration> {
    const now = Date.now();
    const { version, created } = await transaction(this.pool, async db => {
      await run(
        db,
        'INSERT INTO datasets (name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
        [input.name, now, now]
      );
      const dataset = (await one<DatasetRow>(db, 'SELECT * FROM datasets WHERE name = ? FOR UPDATE', [
        input.name
      ]))!;
      const same = await one<{ version: number }>(
        db,
        'SELECT version FROM dataset_versions WHERE dataset_id = ? AND sha256 = ?',
        [dataset.id, input.profile.sha256]
      );
      let version = same?.version;
      if (version === undefined) {
        const { latest } = (await one<{ latest: number }>(
          db,
          'SELECT coalesce(max(version), 0) AS latest FROM dataset_versions WHERE dataset_id = ?',
          [dataset.id]
        ))!;
        version = latest + 1;
        await run(db, 'UPDATE datasets SET latest_version = ? WHERE id = ?', [version, dataset.id]);
        const { profile } = input;
        await run(
          db,
          `INSERT INTO dataset_versions (dataset_id, version, sha256, location, format, rows, bytes,
             profile, created_by, created_at, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
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
          ]
        );
      }
      await this.applyAnnotations(db, dataset.id, {
        description: input.description,
        owner: input.owner ?? (dataset.owner ? undefined : input.createdBy),
        tags: input.tags ? [...new Set([...(await tagsOf(db, dataset.id)), ...input.tags])] : undefined
      });
      await this.touch(db, dataset.id, now);
      return { version, created: same === undefined };
    });
    return { record: (await this.get(input.name, version))!, created };
  }

  async get(name: string, version?: number): Promise<DatasetRecord | null> {
    const dataset = await this.datasetRow(this.pool, name);
    if (!dataset) {
      return null;
    }
    const row =
      version === undefined
        ? await one<VersionRow>(
            this.pool,
            'SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1',
            [dataset.id]
          )
        : await one<VersionRow>(
            this.pool,
            'SELECT * FROM dataset_versions WHERE dataset_id = ? AND version = ?',
            [dataset.id, version]
          );
    if (!row) {
      return null;
    }
    const [readBy, versions, annotations] = await Promise.all([
      all<ReaderRow>(this.pool, READERS_SQL, [`${name}@${row.version}`]),
      all<VersionRow>(
        this.pool,
        'SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC',
        [dataset.id]
      ),
      annotationsOf(this.pool, dataset)
    ]);
    return datasetRecord(dataset, row, annotations, readBy, versions);
  }

  async profile(name: string, version: number): Promise<DatasetProfile | null> {
    const row = await one<VersionRow>(
      this.pool,
      `SELECT v.* FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ? AND v.version = ?`,
      [name, version]
    );
    return row ? versionProfile(row) : null;
  }

  async search(search: DatasetSearch): Promise<DatasetHit[]> {
    return searchDatasetsPg(this.pool, search);
  }

  async annotate(name: string, patch: AnnotationPatch): Promise<DatasetAnnotations> {
    return transaction(this.pool, async db => {
      const dataset = await this.requireDataset(db, name);
      await this.applyAnnotations(db, dataset.id, patch);
      await this.touch(db, dataset.id, Date.now());
      return annotationsOf(db, (await this.datasetRow(db, name))!);
    });
  }

  async addNote(name: string, note: { author: string; text: string }): Promise<DatasetAnnotations> {
    return transaction(this.pool, async db => {
      const dataset = await this.requireDataset(db, name);
      const now = Date.now();
      await run(db, 'INSERT INTO dataset_notes (dataset_id, time, author, text) VALUES (?, ?, ?, ?)', [
        dataset.id,
        now,
        note.author,
        note.text
      ]);
      await this.touch(db, dataset.id, now);
      return annotationsOf(db, dataset);
    });
  }

  async versionsWithContent(sha256: string): Promise<string[]> {
    const rows = await all<{ ref: string }>(
      this.pool,
      `SELECT d.name || '@' || v.version AS ref FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
        WHERE v.sha256 = ? ORDER BY d.name, v.version`,
      [sha256]
    );
    return rows.map(row => row.ref);
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    const rows = await all<{ name: string; updated_at: number }>(
      this.pool,
      'SELECT name, updated_at FROM datasets WHERE updated_at > ? ORDER BY updated_at',
      [since]
    );
    return rows.map(row => ({ name: row.name, updatedAt: row.updated_at }));
  }

  private datasetRow(db: Queryable, name: string): Promise<DatasetRow | undefined> {
    return one<DatasetRow>(db, 'SELECT * FROM datasets WHERE name = ?', [name]);
  }

  /** The dataset's row, locked until the transaction ends. */
  private async requireDataset(db: Queryable, name: string): Promise<DatasetRow> {
    const dataset = await one<DatasetRow>(db, 'SELECT * FROM datasets WHERE name = ? FOR UPDATE', [name]);
    if (!dataset) {
      throw new DatasetError(`No dataset named "${name}" in the catalog.`);
    }
    return dataset;
  }

  /** Writes the given fields (inside the caller's transaction). */
  private async applyAnnotations(db: Queryable, datasetId: number, patch: AnnotationPatch): Promise<void> {
    if (patch.description !== undefined) {
      await run(db, 'UPDATE datasets SET description = ? WHERE id = ?', [patch.description, datasetId]);
    }
    if (patch.owner !== undefined) {
      await run(db, 'UPDATE datasets SET owner = ? WHERE id = ?', [patch.owner, datasetId]);
    }
    if (patch.tags !== undefined) {
      await run(db, 'DELETE FROM dataset_tags WHERE dataset_id = ?', [datasetId]);
      for (const tag of cleanTags(patch.tags)) {
        await run(db, 'INSERT INTO dataset_tags (dataset_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING', [
          datasetId,
          tag
        ]);
      }
    }
    if (patch.columnNotes !== undefined) {
      const { column_notes } = (await one<{ column_notes: string }>(
        db,
        'SELECT column_notes FROM datasets WHERE id = ?',
        [datasetId]
      ))!;
      await run(db, 'UPDATE datasets SET column_notes = ? WHERE id = ?', [
        mergedColumnNotes(column_notes, patch.columnNotes),
        datasetId
      ]);
    }
  }

  /** Marks a change, rebuilds the search document and tells listeners (at commit). */
  private async touch(db: Queryable, datasetId: number, now: number): Promise<void> {
    await run(db, 'UPDATE datasets SET updated_at = greatest(updated_at + 1, ?) WHERE id = ?', [
      now,
      datasetId
    ]);
    await reindexDataset(db, datasetId);
    await db.query(NOTIFY_CHANGES);
  }
}

async function tagsOf(db: Queryable, datasetId: number): Promise<string[]> {
  const rows = await all<{ tag: string }>(
    db,
    'SELECT tag FROM dataset_tags WHERE dataset_id = ? ORDER BY tag',
    [datasetId]
  );
  return rows.map(row => row.tag);
}

async function annotationsOf(db: Queryable, dataset: DatasetRow): Promise<DatasetAnnotations> {
  const notes = await all<NoteRow>(
    db,
    'SELECT time, author, text FROM dataset_notes WHERE dataset_id = ? ORDER BY time, rowid',
    [dataset.id]
  );
  return annotationsFrom(dataset, await tagsOf(db, dataset.id), notes);
}

/** Rebuilds one dataset's search document from what is stored now (also after a copy). */
export async function reindexDataset(db: Queryable, datasetId: number): Promise<void> {
  const dataset = (await one<DatasetRow>(db, 'SELECT * FROM datasets WHERE id = ?', [datasetId]))!;
  const latest = await one<{ profile: string }>(
    db,
    'SELECT profile FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1',
    [datasetId]
  );
  const fields = searchFields(dataset, await annotationsOf(db, dataset), latest?.profile);
  await run(
    db,
    `INSERT INTO dataset_search (rowid, document) VALUES (@id, ${DOCUMENT_SQL})
     ON CONFLICT (rowid) DO UPDATE SET document = excluded.document`,
    { id: datasetId, ...documentFields(fields) }
  );
}
