import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Alert } from '../components';
import { IJobForm, JobDialogTarget, kindOfCron, SCHEDULE_PRESETS, ScheduleKind } from './form';
import { IFormProps } from './submitting-dialog';
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

export interface IFormViewProps extends IFormProps<IJobForm> {
  target: JobDialogTarget;
  preview: ISchedulePreview | null;
}

/** The Productionize dialog's fields: name, parameters, engine, schedule with preview, retries, timeout, policy, gates. */
export function JobFormView(props: IFormViewProps): JSX.Element {
  const { form, errors, trans, target } = props;
  return (
    <div>
      <Alert className={CSS.formError} message={errors.form} />
      {target.kind === 'create' && (
        <div className={CSS.hint}>
          {trans.__('Notebook: %1 (saved, then frozen as a snapshot for every run)', target.path)}
        </div>
      )}
      <InputField
        id="jp-mlnb-job-name"
        label={trans.__('Name')}
        disabled={target.kind === 'edit'}
        {...bindField(props, 'name')}
      />
      <ParametersSection {...props} />
      <SelectField
        id="jp-mlnb-job-engine"
        label={trans.__('Engine')}
        hint={engineHint(form.engine, trans)}
        {...bindField(props, 'engine')}
        options={[
          ['mlnb', trans.__("mlnb's scheduler")],
          ['airflow', trans.__('Apache Airflow (a DAG)')],
          ['kubernetes', trans.__('Kubernetes (a CronJob)')],
          ['argo', trans.__('Argo Workflows (a CronWorkflow)')]
        ]}
      />
      <ScheduleSection {...props} />
      <InputField
        id="jp-mlnb-job-trigger"
        label={trans.__('On new data (a catalog dataset)')}
        hint={trans.__('Each new version of it starts one run, which loads that version.')}
        placeholder={trans.__('none')}
        {...bindField(props, 'triggerDataset')}
      />
      <div className={CSS.row}>
        <CountField
          id="jp-mlnb-job-retries"
          label={trans.__('Retries')}
          max={100}
          {...bindField(props, 'retries')}
        />
        <InputField
          id="jp-mlnb-job-timeout"
          label={trans.__('Timeout (minutes)')}
          type="number"
          min={0}
          step="any"
          placeholder={trans.__('none')}
          {...bindField(props, 'timeoutMinutes', 'timeoutSeconds')}
        />
        <SelectField
          id="jp-mlnb-job-concurrency"
          label={trans.__('When a run is still going')}
          {...bindField(props, 'concurrency')}
          options={[
            ['forbid', trans.__('forbid: skip the new run')],
            ['allow', trans.__('allow: run both')],
            ['replace', trans.__('replace: stop it, start the new run')]
          ]}
        />
      </div>
      <TextAreaField
        id="jp-mlnb-job-gates"
        label={trans.__('Gates (one per line; a run fails unless all hold)')}
        rows={3}
        placeholder={'val_acc >= 0.8\nno-open-incidents'}
        {...bindField(props, 'gates')}
      />
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
        const field = {
          id,
          label: `${param.name} (${param.type})`,
          error: errors[`param:${param.name}`],
          hint: trans.__('default: %1', JSON.stringify(param.default)),
          value: form.values[param.name] ?? '',
          onText: (text: string) => setValue(param.name, text)
        };
        return param.type === 'boolean' ? (
          <SelectField
            key={param.name}
            {...field}
            options={[
              ['true', 'true'],
              ['false', 'false']
            ]}
          />
        ) : (
          <InputField
            key={param.name}
            {...field}
            className={param.type === 'string' ? '' : 'jp-mod-code'}
            inputMode={param.type === 'number' ? 'decimal' : undefined}
          />
        );
      })}
    </fieldset>
  );
}

/** What the schedule fields read and change (a job's form, or a pipeline's). */
export type ScheduleFields = Pick<IJobForm, 'scheduleKind' | 'cron' | 'timezone'>;

/** The schedule: a preset or cron, its time zone, and the preview when there is one. */
export function ScheduleSection(
  props: IFormProps<ScheduleFields> & Pick<IFormViewProps, 'preview'>
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
      <SelectField
        id="jp-mlnb-job-schedule"
        label={trans.__('Runs')}
        value={form.scheduleKind}
        options={[
          ['manual', trans.__('only when run by hand')],
          ['hourly', trans.__('hourly')],
          ['daily', trans.__('daily')],
          ['weekly', trans.__('weekly')],
          ['custom', trans.__('custom (cron)')]
        ]}
        onText={kind => setKind(kind as ScheduleKind)}
      />
      {form.scheduleKind !== 'manual' && (
        <>
          <InputField
            id="jp-mlnb-job-cron"
            label={trans.__('Cron (minute hour day-of-month month day-of-week)')}
            error={errors.cron}
            className="jp-mod-code"
            value={form.cron}
            onText={cron => onChange({ cron, scheduleKind: kindOfCron(cron) })}
          />
          <InputField
            id="jp-mlnb-job-timezone"
            label={trans.__('Time zone')}
            list="jp-mlnb-job-timezones"
            {...bindField(props, 'timezone')}
          />
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

/** What a labelled control takes: its id (the label points at it), value, error and hint. */
interface IControlProps {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  onText: (text: string) => void;
}

/**
 * A labelled control the user types text into, `input` or `textarea`; the other props (type,
 * min, rows, placeholder…) go to the control.
 */
function textField<Tag extends 'input' | 'textarea'>(tag: Tag) {
  type Typed = HTMLInputElement & HTMLTextAreaElement;
  return function TextField(
    props: IControlProps & Omit<JSX.IntrinsicElements[Tag], keyof IControlProps | 'ref'>
  ): JSX.Element {
    const { id, label, error, hint, onText, ...control } = props;
    const onChange = (e: React.ChangeEvent<Typed>) => onText(e.target.value);
    return (
      <Field label={label} error={error} hint={hint} htmlFor={id}>
        {React.createElement(tag, { id, ...control, onChange })}
      </Field>
    );
  };
}

export const InputField = textField('input');
export const TextAreaField = textField('textarea');

/** A whole-number input from `min` (0 unless said) to `max`. */
export function CountField(props: IControlProps & { min?: number; max: number }): JSX.Element {
  return <InputField type="number" min={0} {...props} />;
}

/** The text fields of a form `F`: those whose value is a string. */
type TextKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

/**
 * One field of a form's view bound to the form: its value, its error (the service may name
 * another field than the form's, e.g. `timeoutSeconds`) and the change typing makes.
 */
export function bindField<F, K extends TextKey<F>>(
  props: Pick<IFormProps<F>, 'form' | 'errors' | 'onChange'>,
  key: K,
  errorKey: string = key
): Pick<IControlProps, 'value' | 'error' | 'onText'> {
  return {
    value: props.form[key] as string,
    error: props.errors[errorKey],
    onText: text => props.onChange({ [key]: text } as Partial<F>)
  };
}

/** A labelled choice among `options` ([value, label] pairs). */
function SelectField(props: IControlProps & { options: [string, string][] }): JSX.Element {
  const { id, label, error, hint, onText, value, options } = props;
  return (
    <Field label={label} error={error} hint={hint} htmlFor={id}>
      <select id={id} value={value} onChange={e => onText(e.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </Field>
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
