import { TranslationBundle } from '@jupyterlab/translation';
import { Button, refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';
import { Alert, IRecordViewProps, liveView } from '../components';
import { ModelsApi } from '../api';
import { formatNumber, formatTime } from '../experiments/format';
import { IModelsState, ModelsModel } from './model';
import { ServingSection } from './serving-view';
import { headlineMetrics, IModelRecord } from './types';

export const CSS = {
  root: 'jp-mlnb-Models',
  header: 'jp-mlnb-Models-header',
  list: 'jp-mlnb-Models-list',
  model: 'jp-mlnb-Models-model',
  versions: 'jp-mlnb-Models-versions',
  version: 'jp-mlnb-Models-version',
  stage: 'jp-mlnb-Models-stage',
  error: 'jp-mlnb-Models-error',
  empty: 'jp-mlnb-Models-empty'
} as const;

/** The files of the tfjs layers format every version has, downloadable one by one. */
const MODEL_FILES = ['model.json', 'weights.bin'];

export interface IModelsViewProps {
  model: ModelsModel;
  trans: TranslationBundle;
  onOpenRun: (runId: string) => void;
}

/** The registered models; a model opens into its versions: stage, metrics, run, download. */
export const ModelsView = liveView<IModelsViewProps>(ModelsBody);

function ModelsBody(props: IModelsViewProps & { state: IModelsState }): JSX.Element {
  const { model, trans, state } = props;
  return (
    <div className={CSS.root}>
      <div className={CSS.header}>
        <span>{trans.__('Models')}</span>
        <Button minimal title={trans.__('Refresh the models')} onClick={() => void model.refresh()}>
          <refreshIcon.react tag="span" />
        </Button>
      </div>
      <Alert className={CSS.error} message={state.error} />
      {state.models.length === 0 && !state.loading && !state.error ? (
        <div className={CSS.empty}>
          {trans.__('No models registered yet: mlnb.models.register(name, model).')}
        </div>
      ) : (
        <ul className={CSS.list}>
          {state.models.map(m => (
            <li key={m.name} className={CSS.model}>
              <button
                aria-expanded={state.selected?.name === m.name}
                onClick={() => void model.select(m.name)}
              >
                {m.name}
              </button>{' '}
              <span>
                {trans.__('v%1', m.latestVersion)}
                {m.production !== null && ` · ${trans.__('production v%1', m.production)}`}
                {m.staging !== null && ` · ${trans.__('staging v%1', m.staging)}`}
              </span>
              {state.selected?.name === m.name && (
                <Versions record={state.selected} trans={trans} onOpenRun={props.onOpenRun} />
              )}
              {state.selected?.name === m.name && state.serving && (
                <ServingSection record={state.selected} serving={state.serving} trans={trans} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Versions(props: IRecordViewProps<IModelRecord>): JSX.Element {
  const { record, trans } = props;
  return (
    <ul className={CSS.versions} aria-label={trans.__('Versions of %1', record.name)}>
      {record.versions.map(v => (
        <li key={v.version} className={CSS.version} data-version={v.version}>
          <div>
            <strong>v{v.version}</strong> <span className={`${CSS.stage} jp-mod-${v.stage}`}>{v.stage}</span>
            {v.measurePassed !== null && (
              <span title={trans.__('The evaluation measure')}>
                {' · '}
                {v.measurePassed ? trans.__('measure passed') : trans.__('measure failed')}
              </span>
            )}
          </div>
          <div>
            {headlineMetrics(v.evaluation)
              .map(([name, value]) => `${name} ${value === null ? '—' : formatNumber(value)}`)
              .join(' · ') || trans.__('not evaluated')}
          </div>
          <div>
            {v.runId ? (
              <a href="#" onClick={event => (event.preventDefault(), props.onOpenRun(v.runId!))}>
                {trans.__('run %1', v.runId.slice(0, 8))}
              </a>
            ) : (
              trans.__('run deleted')
            )}
            {' · '}
            {formatTime(v.createdAt)}
            {' · '}
            {MODEL_FILES.map((file, i) => (
              <React.Fragment key={file}>
                {i > 0 && ' '}
                <a href={ModelsApi.fileUrl(v, file)} download={file}>
                  {file}
                </a>
              </React.Fragment>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
