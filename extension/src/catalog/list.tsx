import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Alert, liveView } from '../components';
import { IncidentBadge } from '../health/badge';
import type { OpenIncidentsModel } from '../health/incidents';
import { CatalogModel, ICatalogState } from './model';
import { DatasetFormat, IDatasetHit, loadCode } from './types';

export const CSS = {
  root: 'jp-mlnb-Catalog',
  toolbar: 'jp-mlnb-Catalog-toolbar',
  input: 'jp-mlnb-Catalog-input',
  error: 'jp-mlnb-Catalog-error',
  list: 'jp-mlnb-Catalog-list',
  item: 'jp-mlnb-Catalog-item',
  name: 'jp-mlnb-Catalog-name',
  meta: 'jp-mlnb-Catalog-meta',
  tag: 'jp-mlnb-Catalog-tag',
  snippet: 'jp-mlnb-Catalog-snippet',
  empty: 'jp-mlnb-Catalog-empty'
} as const;

const FORMATS: DatasetFormat[] = ['csv', 'tsv', 'json', 'jsonl', 'arrow', 'parquet'];

export interface ICatalogViewProps {
  model: CatalogModel;
  trans: TranslationBundle;
  onOpen: (hit: IDatasetHit) => void;
  /** Open incidents, for the badge on affected datasets. */
  incidents: OpenIncidentsModel | null;
}

/** The Datasets panel's body: search as you type, filters, and the results. */
export const CatalogView = liveView<ICatalogViewProps>(CatalogBody);

function CatalogBody(props: ICatalogViewProps & { state: ICatalogState }): JSX.Element {
  const { model, trans, state } = props;
  return (
    <div className={CSS.root}>
      <div className={CSS.toolbar}>
        <input
          className={CSS.input}
          type="search"
          placeholder={trans.__('Search datasets, columns, tags…')}
          aria-label={trans.__('Search datasets')}
          value={state.query.text}
          onChange={event => model.setQuery({ text: event.target.value })}
        />
        <select
          aria-label={trans.__('Format')}
          value={state.query.format}
          onChange={event => model.setQuery({ format: event.target.value as DatasetFormat | '' })}
        >
          <option value="">{trans.__('Any format')}</option>
          {FORMATS.map(f => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <input
          className={CSS.input}
          placeholder={trans.__('Tag')}
          aria-label={trans.__('Tag')}
          value={state.query.tag}
          onChange={event => model.setQuery({ tag: event.target.value })}
        />
      </div>
      <Alert className={CSS.error} message={state.error} />
      <ul className={CSS.list} aria-label={trans.__('Datasets')}>
        {state.hits.map(hit => (
          <DatasetItem
            key={hit.name}
            hit={hit}
            trans={trans}
            onOpen={props.onOpen}
            incidents={props.incidents}
          />
        ))}
      </ul>
      {!state.loading && !state.error && state.hits.length === 0 && (
        <div className={CSS.empty}>
          {state.query.text || state.query.tag || state.query.format
            ? trans.__('No dataset matches.')
            : trans.__(
                'No datasets yet. Register one with %dataset register, mlnb datasets register, or "Add to Catalog" in the file browser.'
              )}
        </div>
      )}
    </div>
  );
}

/** The snippet with the matched words (between « and ») emphasized; text only, never HTML. */
function Snippet(props: { text: string }): JSX.Element {
  const parts = props.text.split(/«|»/);
  return (
    <div className={CSS.snippet}>
      {parts.map((part, i) =>
        i % 2 === 1 ? <mark key={i}>{part}</mark> : <React.Fragment key={i}>{part}</React.Fragment>
      )}
    </div>
  );
}

function DatasetItem(props: {
  hit: IDatasetHit;
  trans: TranslationBundle;
  onOpen: (hit: IDatasetHit) => void;
  incidents: OpenIncidentsModel | null;
}): JSX.Element {
  const { hit, trans } = props;
  return (
    <li
      className={CSS.item}
      tabIndex={0}
      draggable
      title={trans.__('Open %1, or drag it into a notebook cell to insert the code that loads it', hit.name)}
      data-name={hit.name}
      onClick={() => props.onOpen(hit)}
      onKeyDown={event => event.key === 'Enter' && props.onOpen(hit)}
      onDragStart={event => {
        event.dataTransfer.setData('text/plain', loadCode(hit.name, hit.version));
        event.dataTransfer.effectAllowed = 'copy';
      }}
    >
      <div className={CSS.name}>
        {hit.name}
        <span className={CSS.meta}>
          @{hit.version} · {hit.format} · {trans._n('%1 row', '%1 rows', hit.rows)}
        </span>
        <IncidentBadge incidents={props.incidents} kind="datasets" refId={hit.name} trans={trans} />
      </div>
      {hit.tags.length > 0 && (
        <div>
          {hit.tags.map(tag => (
            <span key={tag} className={CSS.tag}>
              {tag}
            </span>
          ))}
        </div>
      )}
      {hit.snippet && <Snippet text={hit.snippet} />}
    </li>
  );
}
