/**
 * The Productionize dialog's form, without the DOM: schedule presets, parameter values typed
 * from text, the request body, and where a service error belongs.
 */
import { ConcurrencyPolicy, IDeclaredParameter, IJob, IJobSettings, JobEngine, ParamType } from './types';

export type JobDialogTarget =
  /**
   * A new job from the notebook at `path` (a Jupyter contents path); `problem` is why the
   * service could not read its parameters (e.g. it runs on another kernel).
   */
  | { kind: 'create'; path: string; declared: IDeclaredParameter[]; problem?: string }
  /** Changing a job; `declared` are its snapshot's parameters. */
  | { kind: 'edit'; job: IJob; declared: IDeclaredParameter[] };

/** Schedule presets; "custom" is any other cron expression, "manual" no schedule at all. */
export const SCHEDULE_PRESETS = {
  hourly: '0 * * * *',
  daily: '0 6 * * *',
  weekly: '0 6 * * 1'
} as const;

export type ScheduleKind = 'manual' | keyof typeof SCHEDULE_PRESETS | 'custom';

export interface IJobForm {
  name: string;
  /** Parameter values as typed (text; "true"/"false" for booleans). */
  values: Record<string, string>;
  scheduleKind: ScheduleKind;
  cron: string;
  timezone: string;
  retries: string;
  /** Minutes; empty for no timeout. */
  timeoutMinutes: string;
  concurrency: ConcurrencyPolicy;
  /** What fires the job: mlnb's scheduler, or a DAG / manifest exported to another engine. */
  engine: JobEngine;
  /** One gate per line. */
  gates: string;
  /** A catalog dataset whose new versions also start the job (empty: none). */
  triggerDataset: string;
}

/** A form field a message belongs to: a name, `param:<name>`, or `form` for the whole dialog. */
export type FieldErrors = Record<string, string>;

export function localTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function kindOfCron(cron: string): ScheduleKind {
  const entry = Object.entries(SCHEDULE_PRESETS).find(([, preset]) => preset === cron.trim());
  return entry ? (entry[0] as ScheduleKind) : 'custom';
}

/** A value as the text of its input. */
export function valueText(value: unknown, type: ParamType): string {
  if (value === undefined) {
    return '';
  }
  return type === 'string' ? String(value) : JSON.stringify(value);
}

/** A fresh form for a notebook, or one filled from an existing job (editing). */
export function initialForm(
  declared: IDeclaredParameter[],
  options: { name?: string; job?: IJob } = {}
): IJobForm {
  const job = options.job;
  const values: Record<string, string> = {};
  for (const param of declared) {
    const given = job?.parameters[param.name];
    values[param.name] = valueText(given ? given.value : param.default, param.type);
  }
  return {
    name: job?.name ?? options.name ?? '',
    values,
    scheduleKind: job ? (job.schedule ? kindOfCron(job.schedule.cron) : 'manual') : 'daily',
    cron: job?.schedule?.cron ?? SCHEDULE_PRESETS.daily,
    timezone: job?.schedule?.timezone ?? localTimezone(),
    retries: String(job?.retries.count ?? 0),
    timeoutMinutes: job?.timeoutSeconds ? String(Number((job.timeoutSeconds / 60).toFixed(2))) : '',
    concurrency: job?.concurrency ?? 'forbid',
    engine: job?.engine ?? 'mlnb',
    gates: (job?.gates ?? []).join('\n'),
    triggerDataset: job?.onNewVersion?.dataset ?? ''
  };
}

/** A typed value from its text, or the reason it does not fit the type. */
export function parseValue(text: string, type: ParamType): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  switch (type) {
    case 'number': {
      const value = Number(trimmed);
      return trimmed !== '' && Number.isFinite(value) ? { value } : { error: 'Not a number.' };
    }
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false'
        ? { value: trimmed === 'true' }
        : { error: 'true or false.' };
    case 'json':
      try {
        return { value: JSON.parse(trimmed) };
      } catch {
        return { error: 'Not valid JSON.' };
      }
    default:
      return { value: text };
  }
}

/**
 * The settings to send, with the errors found before asking the service. Only values that
 * differ from the notebook's defaults are sent: the job then lists what it overrides.
 */
export function settingsOf(
  form: IJobForm,
  declared: IDeclaredParameter[],
  job?: IJob
): { settings: IJobSettings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const parameters: Record<string, unknown> = {};
  for (const param of declared) {
    const parsed = parseValue(form.values[param.name] ?? '', param.type);
    if ('error' in parsed) {
      errors[`param:${param.name}`] = parsed.error;
    } else if (JSON.stringify(parsed.value) !== JSON.stringify(param.default)) {
      parameters[param.name] = parsed.value;
    }
  }
  if (!form.name.trim()) {
    errors.name = 'Give the job a name.';
  }
  const retries = Number(form.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    errors.retries = 'A whole number from 0 to 100.';
  }
  const timeout = form.timeoutMinutes.trim() === '' ? null : Number(form.timeoutMinutes);
  if (timeout !== null && !(Number.isFinite(timeout) && timeout > 0)) {
    errors.timeoutSeconds = 'A positive number of minutes, or empty for none.';
  }
  return {
    settings: {
      schedule:
        form.scheduleKind === 'manual' ? null : { cron: form.cron.trim(), timezone: form.timezone.trim() },
      parameters,
      retries,
      timeoutSeconds: timeout === null ? null : Math.round(timeout * 60),
      concurrency: form.concurrency,
      engine: form.engine,
      gates: form.gates
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean),
      // A trigger kept on the same dataset keeps its debounce; the service's default otherwise.
      onNewVersion: form.triggerDataset.trim()
        ? {
            dataset: form.triggerDataset.trim(),
            ...(job?.onNewVersion?.dataset === form.triggerDataset.trim()
              ? { debounceSeconds: job.onNewVersion.debounceSeconds }
              : {})
          }
        : null
    },
    errors
  };
}

const SCHEDULE_FIELDS = ['cron', 'second', 'minute', 'hour', 'day of month', 'month', 'day of week'];

/**
 * Where the service's refusal belongs: its `field` (a cron field goes to the cron input), a
 * parameter it names, a gate; else the whole form.
 */
export function fieldOfError(
  problem: { message: string; field?: string; status?: number },
  declared: IDeclaredParameter[]
): string {
  const { message, field } = problem;
  if (problem.status === 409) {
    return 'name'; // The name is taken.
  }
  // "schedule": a cron the job's engine cannot express (a seconds field outside mlnb).
  if (field && (SCHEDULE_FIELDS.includes(field) || field === 'schedule')) {
    return 'cron';
  }
  if (field && ['name', 'timezone', 'retries', 'timeoutSeconds', 'concurrency', 'engine'].includes(field)) {
    return field;
  }
  if (field === 'onNewVersion') {
    return 'triggerDataset';
  }
  if (/^Gate "/.test(message)) {
    return 'gates';
  }
  const param = declared.find(p => message.includes(`"${p.name}"`));
  return param ? `param:${param.name}` : 'form';
}
