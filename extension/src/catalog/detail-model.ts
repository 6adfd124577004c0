import { AnnotationPatch, DatasetsApi } from '../api';
import { LiveQuery } from '../live';
import { IDatasetRecord, IVersionDiff } from './types';

/**
 * One dataset version (the latest when `version` is null), live: any change of the dataset (a
 * new version, an annotation, by anyone) refetches it. Annotations belong to the name.
 */
export class DatasetDetailModel extends LiveQuery<IDatasetRecord> {
  private _version: number | null;

  constructor(
    readonly name: string,
    version: number | null
  ) {
    super({
      fetch: () => DatasetsApi.get(name, this._version),
      isRelevant: event => event.type === 'dataset-changed' && event.name === name
    });
    this._version = version;
  }

  /** Shows another version (null: the latest). */
  showVersion(version: number | null): Promise<void> {
    this._version = version;
    return this.refresh();
  }

  async annotate(change: AnnotationPatch): Promise<void> {
    await DatasetsApi.annotate(this.name, change);
    await this.refresh();
  }

  async addNote(text: string): Promise<void> {
    await DatasetsApi.addNote(this.name, text);
    await this.refresh();
  }

  diff(from: number, to: number): Promise<IVersionDiff> {
    return DatasetsApi.diff(this.name, from, to);
  }
}
