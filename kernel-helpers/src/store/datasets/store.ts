import type { DatasetProfile } from './profile';
import type { Driver } from '../engine/driver';
import { SqlEntityStore } from '../engine/entity-store';
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
import { indexDataset, searchDatasets } from './search';
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

/**
 * The catalog, written once over either engine's driver: one row per name, one per version (its
 * profile as JSON), a search row per dataset. A write reads the dataset's row locked (an
 * immediate transaction on SQLite, FOR UPDATE on PostgreSQL), so two registrations of one name
 * at once get versions 1 and 2, never the same number.
 */
export class SqlDatasetStore extends SqlEntityStore implements DatasetStore {
  async register(input: NewDatasetVersion): Promise<Registration> {
    const now = Date.now();
    const { version, created } = await this.locked(async tx => {
      await tx.run(
        'INSERT INTO datasets (name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
        [input.name, now, now]
      );
      const dataset = (await lockedDataset(tx, input.name))!;
      const same = await tx.get<{ version: number }>(
        'SELECT version FROM dataset_versions WHERE dataset_id = ? AND sha256 = ?',
        [dataset.id, input.profile.sha256]
      );
      let version = same?.version;
      if (version === undefined) {
        const { latest } = (await tx.get<{ latest: number }>(
          'SELECT coalesce(max(version), 0) AS latest FROM dataset_versions WHERE dataset_id = ?',
          [dataset.id]
        ))!;
        version = latest + 1;
        await tx.run('UPDATE datasets SET latest_version = ? WHERE id = ?', [version, dataset.id]);
        const { profile } = input;
        await tx.run(
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
      await applyAnnotations(tx, dataset.id, {
        description: input.description,
        owner: input.owner ?? (dataset.owner ? undefined : input.createdBy),
        tags: input.tags ? [...new Set([...(await tagsOf(tx, dataset.id)), ...input.tags])] : undefined
      });
      await touch(tx, dataset.id, now);
      return { version, created: same === undefined };
    });
    return { record: (await this.get(input.name, version))!, created };
  }

  async get(name: string, version?: number): Promise<DatasetRecord | null> {
    const dataset = await this.db.get<DatasetRow>('SELECT * FROM datasets WHERE name = ?', [name]);
    if (!dataset) {
      return null;
    }
    const row =
      version === undefined
        ? await this.db.get<VersionRow>(
            'SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1',
            [dataset.id]
          )
        : await this.db.get<VersionRow>(
            'SELECT * FROM dataset_versions WHERE dataset_id = ? AND version = ?',
            [dataset.id, version]
          );
    if (!row) {
      return null;
    }
    const [readBy, versions, annotations] = await Promise.all([
      this.db.all<ReaderRow>(READERS_SQL, [`${name}@${row.version}`]),
      this.db.all<VersionRow>('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC', [
        dataset.id
      ]),
      annotationsOf(this.db, dataset)
    ]);
    return datasetRecord(dataset, row, annotations, readBy, versions);
  }

  async profile(name: string, version: number): Promise<DatasetProfile | null> {
    const row = await this.db.get<VersionRow>(
      `SELECT v.* FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = ? AND v.version = ?`,
      [name, version]
    );
    return row ? versionProfile(row) : null;
  }

  async search(search: DatasetSearch): Promise<DatasetHit[]> {
    return searchDatasets(this.db, search);
  }

  async annotate(name: string, patch: AnnotationPatch): Promise<DatasetAnnotations> {
    return this.locked(async tx => {
      const dataset = await requireDataset(tx, name);
      await applyAnnotations(tx, dataset.id, patch);
      await touch(tx, dataset.id, Date.now());
      return annotationsOf(tx, (await tx.get<DatasetRow>('SELECT * FROM datasets WHERE name = ?', [name]))!);
    });
  }

  async addNote(name: string, note: { author: string; text: string }): Promise<DatasetAnnotations> {
    return this.locked(async tx => {
      const dataset = await requireDataset(tx, name);
      const now = Date.now();
      await tx.run('INSERT INTO dataset_notes (dataset_id, time, author, text) VALUES (?, ?, ?, ?)', [
        dataset.id,
        now,
        note.author,
        note.text
      ]);
      await touch(tx, dataset.id, now);
      return annotationsOf(tx, dataset);
    });
  }

  async versionsWithContent(sha256: string): Promise<string[]> {
    const rows = await this.db.all<{ ref: string }>(
      `SELECT d.name || '@' || v.version AS ref FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
        WHERE v.sha256 = ? ORDER BY d.name, v.version`,
      [sha256]
    );
    return rows.map(row => row.ref);
  }

  async changedSince(since: number): Promise<{ name: string; updatedAt: number }[]> {
    // Asked four times a second while the panels listen (change-feed.ts): one prepared text.
    return this.changesSince(
      'name',
      'SELECT name, updated_at FROM datasets WHERE updated_at > ? ORDER BY updated_at',
      [since]
    );
  }
}

/** The dataset's row, locked until the transaction ends. */
const lockedDataset = (tx: Driver, name: string) =>
  tx.get<DatasetRow>(`SELECT * FROM datasets WHERE name = ?${tx.lockRows}`, [name]);

async function requireDataset(tx: Driver, name: string): Promise<DatasetRow> {
  const dataset = await lockedDataset(tx, name);
  if (!dataset) {
    throw new DatasetError(`No dataset named "${name}" in the catalog.`);
  }
  return dataset;
}

async function tagsOf(db: Driver, datasetId: number): Promise<string[]> {
  const rows = await db.all<{ tag: string }>(
    'SELECT tag FROM dataset_tags WHERE dataset_id = ? ORDER BY tag',
    [datasetId]
  );
  return rows.map(row => row.tag);
}

async function annotationsOf(db: Driver, dataset: DatasetRow): Promise<DatasetAnnotations> {
  const notes = await db.all<NoteRow>(
    'SELECT time, author, text FROM dataset_notes WHERE dataset_id = ? ORDER BY time, rowid',
    [dataset.id]
  );
  return annotationsFrom(dataset, await tagsOf(db, dataset.id), notes);
}

/** Writes the given fields (inside the caller's transaction). */
async function applyAnnotations(tx: Driver, datasetId: number, patch: AnnotationPatch): Promise<void> {
  if (patch.description !== undefined) {
    await tx.run('UPDATE datasets SET description = ? WHERE id = ?', [patch.description, datasetId]);
  }
  if (patch.owner !== undefined) {
    await tx.run('UPDATE datasets SET owner = ? WHERE id = ?', [patch.owner, datasetId]);
  }
  if (patch.tags !== undefined) {
    await tx.run('DELETE FROM dataset_tags WHERE dataset_id = ?', [datasetId]);
    await tx.runEach(
      'INSERT INTO dataset_tags (dataset_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING',
      cleanTags(patch.tags).map(tag => [datasetId, tag])
    );
  }
  if (patch.columnNotes !== undefined) {
    const { column_notes } = (await tx.get<{ column_notes: string }>(
      'SELECT column_notes FROM datasets WHERE id = ?',
      [datasetId]
    ))!;
    await tx.run('UPDATE datasets SET column_notes = ? WHERE id = ?', [
      mergedColumnNotes(column_notes, patch.columnNotes),
      datasetId
    ]);
  }
}

/** Marks a change, rebuilds the search row and tells listeners (at commit). */
async function touch(tx: Driver, datasetId: number, now: number): Promise<void> {
  // A portable max(updated_at + 1, now): SQLite's scalar max() is greatest() in PostgreSQL.
  await tx.run(
    'UPDATE datasets SET updated_at = CASE WHEN updated_at + 1 > @now THEN updated_at + 1 ELSE @now END WHERE id = @id',
    { now, id: datasetId }
  );
  await reindexDataset(tx, datasetId);
  await tx.notifyChanges();
}

/** Rebuilds one dataset's search row from what is stored now (also after a copy). */
export async function reindexDataset(db: Driver, datasetId: number): Promise<void> {
  const dataset = (await db.get<DatasetRow>('SELECT * FROM datasets WHERE id = ?', [datasetId]))!;
  const latest = await db.get<{ profile: string; format: string }>(
    'SELECT profile, format FROM dataset_versions WHERE dataset_id = ? AND version = ?',
    [datasetId, dataset.latest_version]
  );
  const annotations = await annotationsOf(db, dataset);
  await indexDataset(db, datasetId, searchFields(dataset, annotations, latest?.profile), {
    format: latest?.format ?? '',
    owner: dataset.owner,
    tags: annotations.tags
  });
}
