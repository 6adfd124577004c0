import { InputDialog, showErrorMessage } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';
import { AnnotationPatch } from '../api';
import { askMarkdown, KeyValues, Markdown, Section } from '../components';
import { LiveDetailWidget } from '../detail-widget';
import { DatasetDetailModel } from './detail-model';
import { Histograms, Lineage, SchemaTable, Versions } from './sections';
import { IDatasetRecord } from './types';

export interface IDatasetDetailActions {
  insertLoadCode: (record: IDatasetRecord) => void;
  openRun: (id: string) => void;
}

/** A dataset version in the main area: schema, statistics, histograms, annotations, versions, lineage. */
export class DatasetDetailWidget extends LiveDetailWidget<IDatasetRecord, DatasetDetailModel> {
  constructor(
    model: DatasetDetailModel,
    private readonly trans: TranslationBundle,
    private readonly rendermime: IRenderMimeRegistry,
    private readonly actions: IDatasetDetailActions
  ) {
    super(model, {
      id: `jp-mlnb-dataset-${model.name.replace(/[^\w-]/g, '_')}`,
      classes: ['jp-mlnb-RunDetail', 'jp-mlnb-Dataset'], // The detail views share their layout.
      label: model.name
    });
  }

  get name(): string {
    return this.model.name;
  }

  /** Shows another version of the same dataset. */
  showVersion(version: number | null): void {
    void this.model.showVersion(version);
  }

  protected nameTab(record: IDatasetRecord): void {
    this.title.label = `${record.name}@${record.version}`;
  }

  protected render(): JSX.Element {
    const { trans } = this;
    const { value: record, error } = this.model.state;
    if (error) {
      return <div role="alert">{error.message}</div>;
    }
    if (!record) {
      return <div>{trans.__('Loading…')}</div>;
    }
    const a = record.annotations;
    return (
      <div className="jp-mlnb-RunDetail-body jp-mlnb-Dataset-body">
        <header className="jp-mlnb-Dataset-header">
          <h1>
            {record.name}
            <span className="jp-mlnb-Dataset-version">@{record.version}</span>
          </h1>
          <div className="jp-mlnb-Dataset-actions">
            <Button onClick={() => this.actions.insertLoadCode(record)}>
              {trans.__('Insert load code')}
            </Button>
            {(
              [
                [trans.__('Edit description'), () => this.editDescription()],
                [trans.__('Edit tags'), () => this.editTags()],
                [trans.__('Set owner'), () => this.editOwner()],
                [trans.__('Add note'), () => this.addNote()]
              ] as const
            ).map(([label, edit]) => (
              <Button key={label} minimal onClick={() => void edit()}>
                {label}
              </Button>
            ))}
          </div>
        </header>
        <KeyValues
          rows={[
            [trans.__('Format'), record.format],
            [trans.__('Rows'), String(record.rows)],
            [trans.__('Size'), `${(record.bytes / 1e6).toFixed(2)} MB`],
            [trans.__('Location'), record.location],
            ['sha256', record.sha256],
            [trans.__('Owner'), a.owner || '—'],
            [trans.__('Tags'), a.tags.join(', ') || '—'],
            [trans.__('Created'), `${record.createdAt.slice(0, 16).replace('T', ' ')} · ${record.createdBy}`]
          ]}
        />
        {record.badRows && record.badRows.count > 0 && (
          <div className="jp-mlnb-Dataset-warning" role="status">
            {trans.__(
              '%1 rows had the wrong number of fields and were not profiled (lines %2).',
              record.badRows.count,
              record.badRows.lines.join(', ')
            )}
          </div>
        )}
        <Section title={trans.__('Description')} empty={!a.description}>
          <div className="jp-mlnb-Dataset-description">
            <Markdown source={a.description} rendermime={this.rendermime} />
          </div>
        </Section>
        <Section title={trans.__('Schema and statistics')}>
          <SchemaTable
            record={record}
            trans={trans}
            onEditColumnNote={column => void this.editColumnNote(column)}
          />
        </Section>
        <Section title={trans.__('Histograms')}>
          <Histograms record={record} />
        </Section>
        <Section title={trans.__('Versions')}>
          <Versions
            record={record}
            trans={trans}
            onOpen={version => this.showVersion(version)}
            diff={(from, to) => this.model.diff(from, to)}
          />
        </Section>
        <Section title={trans.__('Lineage')}>
          <Lineage record={record} trans={trans} onOpenRun={this.actions.openRun} />
        </Section>
        <Section title={trans.__('Notes')} empty={a.notes.length === 0}>
          <ul className="jp-mlnb-Dataset-notes">
            {a.notes.map((note, i) => (
              <li key={i}>
                <div className="jp-mlnb-Dataset-noteHead">
                  {note.author} · {note.time.slice(0, 16).replace('T', ' ')}
                </div>
                <Markdown source={note.text} rendermime={this.rendermime} />
              </li>
            ))}
          </ul>
        </Section>
      </div>
    );
  }

  private async patch(change: AnnotationPatch): Promise<void> {
    try {
      await this.model.annotate(change);
    } catch (error) {
      await showErrorMessage(this.trans.__('Cannot save'), (error as Error).message);
    }
  }

  private async editDescription(): Promise<void> {
    const description = await askMarkdown({
      title: this.trans.__('Description of %1', this.name),
      label: this.trans.__('Description (markdown)'),
      text: this.model.value?.annotations.description ?? '',
      accept: this.trans.__('Save')
    });
    if (description !== null) {
      await this.patch({ description });
    }
  }

  private editTags(): Promise<void> {
    return this.editLine(
      this.trans.__('Tags of %1 (comma separated)', this.name),
      this.model.value?.annotations.tags.join(', ') ?? '',
      text => ({
        tags: text
          .split(',')
          .map(t => t.trim())
          .filter(Boolean)
      })
    );
  }

  private editOwner(): Promise<void> {
    return this.editLine(
      this.trans.__('Owner of %1', this.name),
      this.model.value?.annotations.owner ?? '',
      text => ({ owner: text.trim() })
    );
  }

  private editColumnNote(column: string): Promise<void> {
    return this.editLine(
      this.trans.__('Note on column %1', column),
      this.model.value?.annotations.columnNotes[column] ?? '',
      text => ({ columnNotes: { [column]: text } })
    );
  }

  /** Asks for one line (starting from what is stored) and saves the annotation it makes. */
  private async editLine(
    title: string,
    stored: string,
    toPatch: (text: string) => AnnotationPatch
  ): Promise<void> {
    const result = await InputDialog.getText({ title, text: stored });
    if (result.button.accept && result.value !== null) {
      await this.patch(toPatch(result.value));
    }
  }

  private async addNote(): Promise<void> {
    const note = await askMarkdown({
      title: this.trans.__('Add a note to %1', this.name),
      label: this.trans.__('Note (markdown)'),
      text: '',
      accept: this.trans.__('Add')
    });
    if (note?.trim()) {
      try {
        await this.model.addNote(note);
      } catch (error) {
        await showErrorMessage(this.trans.__('Cannot add the note'), (error as Error).message);
      }
    }
  }
}
