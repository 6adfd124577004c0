import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { FieldErrors, IJobForm, JobDialogTarget, kindOfCron, SCHEDULE_PRESETS, ScheduleKind } from './form';
import { ISchedulePreview } from './types';

export const CSS = {
  form: 'jp-mlnb-Jobs-form',
  field: 'jp-mlnb-Jobs-field',
  row: 'jp-mlnb-Jobs-fieldRow',
  fieldError: 'jp-mlnb-Jobs-fieldError',
  formError: 'jp-mlnb-Jobs-formError',
  params: 'jp-mlnb-Jobs-params',
  preview: 'jp-mlnb-Jobs-preview',
  previewWords: 'jp-mlnb-Jobs-previewWords',
  hint: 'jp-mlnb-Jobs-hint'
} as const;

export interface IFormViewProps {
  target: JobDialogTarget;
  form: IJobForm;
  errors: FieldErrors;
  preview: ISchedulePreview | null;
  submitting: boolean;
  trans: TranslationBundle;
  onChange: (change: Partial<IJobForm>) => void;
}

/** The Productionize dialog's fields: name, parameters, engine, schedule with preview, retries, timeout, policy, gates. */
export function JobFormView(props: IFormViewProps): JSX.Element {
  const { form, errors, trans, onChange, target } = props;
  return (
    <div>
      {errors.form && (
        <div className={CSS.formError} role="alert">
          {errors.form}
        </div>
      )}
      {target.kind === 'create' && (
        <div className={CSS.hint}>
          {trans.__('Notebook: %1 (saved, then frozen as a snapshot for every run)', target.path)}
        </div>
      )}
      <Field label={trans.__('Name')} error={errors.name} htmlFor="jp-mlnb-job-name">
        <input
          id="jp-mlnb-job-name"
          value={form.name}
          disabled={target.kind === 'edit'}
          onChange={e => onChange({ name: e.target.value })}
        />
      </Field>
      <ParametersSection {...props} />
      <Field
        label={trans.__('Engine')}
        error={errors.engine}
        htmlFor="jp-mlnb-job-engine"
        hint={engineHint(form.engine, trans)}
      >
        <select
          id="jp-mlnb-job-engine"
          value={form.engine}
          onChange={e => onChange({ engine: e.target.value as IJobForm['engine'] })}
        >
          <option value="mlnb">{trans.__("mlnb's scheduler")}</option>
          <option value="airflow">{trans.__('Apache Airflow (a DAG)')}</option>
          <option value="kubernetes">{trans.__('Kubernetes (a CronJob)')}</option>
          <option value="argo">{trans.__('Argo Workflows (a CronWorkflow)')}</option>
        </select>
      </Field>
      <ScheduleSection {...props} />
      <div className={CSS.row}>
        <Field label={trans.__('Retries')} error={errors.retries} htmlFor="jp-mlnb-job-retries">
          <input
            id="jp-mlnb-job-retries"
            type="number"
            min={0}
            max={100}
            value={form.retries}
            onChange={e => onChange({ retries: e.target.value })}
          />
        </Field>
        <Field
          label={trans.__('Timeout (minutes)')}
          error={errors.timeoutSeconds}
          htmlFor="jp-mlnb-job-timeout"
        >
          <input
            id="jp-mlnb-job-timeout"
            type="number"
            min={0}
            step="any"
            placeholder={trans.__('none')}
            value={form.timeoutMinutes}
            onChange={e => onChange({ timeoutMinutes: e.target.value })}
          />
        </Field>
        <Field
          label={trans.__('When a run is still going')}
          error={errors.concurrency}
          htmlFor="jp-mlnb-job-concurrency"
        >
          <select
            id="jp-mlnb-job-concurrency"
            value={form.concurrency}
            onChange={e => onChange({ concurrency: e.target.value as IJobForm['concurrency'] })}
          >
            <option value="forbid">{trans.__('forbid: skip the new run')}</option>
            <option value="allow">{trans.__('allow: run both')}</option>
            <option value="replace">{trans.__('replace: stop it, start the new run')}</option>
          </select>
        </Field>
      </div>
      <Field
        label={trans.__('Gates (one per line; a run fails unless all hold)')}
        error={errors.gates}
        htmlFor="jp-mlnb-job-gates"
      >
        <textarea
          id="jp-mlnb-job-gates"
          rows={3}
          placeholder={'val_acc >= 0.8\nno-open-incidents'}
          value={form.gates}
          onChange={e => onChange({ gates: e.target.value })}
        />
      </Field>
      {props.submitting && <div className={CSS.hint}>{trans.__('Sending…')}</div>}
    </div>
  );
}

/** What choosing an engine means: who fires the job, and how it gets there. */
function engineHint(engine: IJobForm['engine'], trans: TranslationBundle): string {
  switch (engine) {
    case 'airflow':
      return trans.__(
        'Deploy its DAG with mlnb jobs deploy NAME --to airflow --dags-folder DIR; Airflow fires it, not mlnb.'
      );
    case 'kubernetes':
    case 'argo':
      return trans.__(
        'Export the manifest with mlnb jobs export NAME --to %1; the cluster fires it.',
        engine
      );
    default:
      return trans.__('Runs while mlnb serve (JupyterLab) or mlnb scheduler runs.');
  }
}

function ParametersSection(props: IFormViewProps): JSX.Element {
  const { form, errors, trans, onChange, target } = props;
  if (target.declared.length === 0) {
    return (
      <div className={CSS.hint}>
        {trans.__('This notebook declares no parameters (tag a cell "parameters", or use %param).')}
      </div>
    );
  }
  const setValue = (name: string, text: string) => onChange({ values: { ...form.values, [name]: text } });
  return (
    <fieldset className={CSS.params}>
      <legend>{trans.__('Parameters')}</legend>
      {target.declared.map(param => {
        const id = `jp-mlnb-job-param-${param.name}`;
        const text = form.values[param.name] ?? '';
        return (
          <Field
            key={param.name}
            label={`${param.name} (${param.type})`}
            error={errors[`param:${param.name}`]}
            htmlFor={id}
            hint={trans.__('default: %1', JSON.stringify(param.default))}
          >
            {param.type === 'boolean' ? (
              <select id={id} value={text} onChange={e => setValue(param.name, e.target.value)}>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                id={id}
                className={param.type === 'string' ? '' : 'jp-mod-code'}
                inputMode={param.type === 'number' ? 'decimal' : undefined}
                value={text}
                onChange={e => setValue(param.name, e.target.value)}
              />
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}

/** What the schedule fields read and change (a job's form, or a pipeline's). */
export type ScheduleFields = Pick<IJobForm, 'scheduleKind' | 'cron' | 'timezone'>;

/** The schedule: a preset or cron, its time zone, and the preview when there is one. */
export function ScheduleSection(
  props: Pick<IFormViewProps, 'errors' | 'preview' | 'trans'> & {
    form: ScheduleFields;
    onChange: (change: Partial<ScheduleFields>) => void;
  }
): JSX.Element {
  const { form, errors, trans, onChange, preview } = props;
  const setKind = (kind: ScheduleKind) =>
    onChange(
      kind === 'manual' || kind === 'custom'
        ? { scheduleKind: kind }
        : { scheduleKind: kind, cron: SCHEDULE_PRESETS[kind] }
    );
  const zones = React.useMemo(() => Private.timezones(), []);
  return (
    <fieldset className={CSS.params}>
      <legend>{trans.__('Schedule')}</legend>
      <Field label={trans.__('Runs')} htmlFor="jp-mlnb-job-schedule">
        <select
          id="jp-mlnb-job-schedule"
          value={form.scheduleKind}
          onChange={e => setKind(e.target.value as ScheduleKind)}
        >
          <option value="manual">{trans.__('only when run by hand')}</option>
          <option value="hourly">{trans.__('hourly')}</option>
          <option value="daily">{trans.__('daily')}</option>
          <option value="weekly">{trans.__('weekly')}</option>
          <option value="custom">{trans.__('custom (cron)')}</option>
        </select>
      </Field>
      {form.scheduleKind !== 'manual' && (
        <>
          <Field
            label={trans.__('Cron (minute hour day-of-month month day-of-week)')}
            error={errors.cron}
            htmlFor="jp-mlnb-job-cron"
          >
            <input
              id="jp-mlnb-job-cron"
              className="jp-mod-code"
              value={form.cron}
              onChange={e => onChange({ cron: e.target.value, scheduleKind: kindOfCron(e.target.value) })}
            />
          </Field>
          <Field label={trans.__('Time zone')} error={errors.timezone} htmlFor="jp-mlnb-job-timezone">
            <input
              id="jp-mlnb-job-timezone"
              list="jp-mlnb-job-timezones"
              value={form.timezone}
              onChange={e => onChange({ timezone: e.target.value })}
            />
          </Field>
          <datalist id="jp-mlnb-job-timezones">
            {zones.map(zone => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {preview && !errors.cron && !errors.timezone && (
            <div className={CSS.preview} aria-label={trans.__('Schedule preview')}>
              <div className={CSS.previewWords}>{preview.description}</div>
              <div>{trans.__('Next runs:')}</div>
              <ol>
                {preview.next.map(time => (
                  <li key={time}>{Private.formatIn(time, form.timezone.trim())}</li>
                ))}
              </ol>
            </div>
          )}
        </>
      )}
    </fieldset>
  );
}

/** A labelled input with its hint and its error, announced to screen readers. */
export function Field(props: {
  label: string;
  htmlFor: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}): JSX.Element {
  const errorId = `${props.htmlFor}-error`;
  const child = React.Children.only(props.children) as React.ReactElement;
  return (
    // Not jp-mod-error: JupyterLab's Dialog disables its accept buttons while one is in the dialog,
    // checked on each keystroke before the error clears, so a fixed field left "Create" disabled.
    <div className={`${CSS.field}${props.error ? ' jp-mod-invalid' : ''}`}>
      <label htmlFor={props.htmlFor}>{props.label}</label>
      {React.cloneElement(child, {
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': props.error ? errorId : undefined
      })}
      {props.hint && <span className={CSS.hint}>{props.hint}</span>}
      {props.error && (
        <span id={errorId} className={CSS.fieldError} role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}

namespace Private {
  export function timezones(): string[] {
    const intl = Intl as unknown as { supportedValuesOf?: (key: 'timeZone') => string[] };
    return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
  }

  /** A fire time in the job's time zone (the zone may be half-typed: then in ISO). */
  export function formatIn(iso: string, timeZone: string): string {
    try {
      const text = new Date(iso).toLocaleString(undefined, {
        timeZone,
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short'
      });
      return text;
    } catch {
      return iso;
    }
  }
}
