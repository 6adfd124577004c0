import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';
import { IRecordViewProps, Table } from '../components';
import { formatTime } from '../experiments/format';
import { IAirflowHistory, IAirflowTry } from './types';

export const AIRFLOW_CSS = {
  root: 'jp-mlnb-Jobs-airflow',
  unknown: 'jp-mlnb-Jobs-airflowUnknown',
  table: 'jp-mlnb-Jobs-attempts',
  state: 'jp-mlnb-Jobs-airflowState'
} as const;

/**
 * The history of a job on Airflow: each try of its DAG runs, newest first, with Airflow's state
 * and the tracked run it made. Where Airflow was not reached, its states say unknown and why.
 */
export function AirflowTries(props: IRecordViewProps<IAirflowHistory>): JSX.Element {
  const { record: airflow, trans } = props;
  return (
    <section className={AIRFLOW_CSS.root} aria-label={trans.__('Airflow DAG runs')}>
      <h2>{trans.__('Airflow DAG %1', airflow.dagId)}</h2>
      {!airflow.reached && (
        <div role="status" className={AIRFLOW_CSS.unknown}>
          {trans.__("Airflow's state is unknown: %1. Below is what mlnb recorded.", airflow.problem ?? '')}
        </div>
      )}
      {airflow.tries.length === 0 ? (
        <div>{trans.__('No DAG runs yet.')}</div>
      ) : (
        <Table
          className={AIRFLOW_CSS.table}
          columns={[
            trans.__('DAG run'),
            trans.__('Try'),
            trans.__('Airflow state'),
            trans.__('Started'),
            trans.__('Tracked run')
          ]}
        >
          {airflow.tries.map(t => (
            <TryRow
              key={`${t.dagRunId}#${t.tryNumber}`}
              record={t}
              trans={trans}
              onOpenRun={props.onOpenRun}
            />
          ))}
        </Table>
      )}
    </section>
  );
}

function TryRow(props: IRecordViewProps<IAirflowTry>): JSX.Element {
  const { record: t, trans } = props;
  const state = t.state ?? 'unknown';
  const stateClass = `jp-mod-${state.replace(/[^a-z_]/g, '')}`; // Airflow's words, kept to a class name
  return (
    <tr data-dag-run-id={t.dagRunId}>
      <td>{t.dagRunId}</td>
      <td>{t.tryNumber ?? '—'}</td>
      <td>
        <span className={`${AIRFLOW_CSS.state} ${stateClass}`}>{trans.__(state)}</span>
      </td>
      <td>{t.startTime ? formatTime(t.startTime) : '—'}</td>
      <td>
        {t.runId ? (
          <Button minimal onClick={() => props.onOpenRun(t.runId!)}>
            {t.runStatus ? trans.__('Tracked run (%1)', trans.__(t.runStatus)) : trans.__('Tracked run')}
          </Button>
        ) : (
          trans.__('none yet')
        )}
      </td>
    </tr>
  );
}
