/**
 * The "Productionize as pipeline" dialog's form, without the DOM: one step per notebook in the
 * order given (the file browser's), each with the steps it runs after and its parameter values;
 * the schedule as for a job. What it sends is a pipeline file's definition
 * (schemas/pipeline.schema.json $defs/file), checked by the service as a *.pipeline.yaml is.
 */
import type { PipelineFile } from '../api';
import { parseJsonOr } from '../json';
import type { ScheduleFields } from './fields';
import { FieldErrors, localTimezone, parseValue } from './form';
import type { IDeclaredParameter } from './types';

export interface IPipelineStepForm {
  /** The notebook, a Jupyter contents path. */
  notebook: string;
  name: string;
  /** The names of the steps this one runs after, besides those whose datasets it loads. */
  after: string[];
  /** One `name=value` per line, each value read by the type its notebook declares. */
  params: string;
  /**
   * The notebook's declared parameters; null when they could not be read (the service then
   * checks the values, read as JSON when they are JSON, else as text).
   */
  declared: IDeclaredParameter[] | null;
}

export interface IPipelineForm extends ScheduleFields {
  name: string;
  steps: IPipelineStepForm[];
  /** Steps that run at once at most (text as typed). */
  maxParallel: string;
}

/** A step's name from its notebook, as the CLI names it: `nb/features.ipynb` → `features`. */
export function stepNameOf(notebook: string): string {
  const base = (notebook.split('/').pop() ?? notebook).replace(/\.ipynb$/i, '').replace(/[^\w-]+/g, '_');
  return /^[A-Za-z_]/.test(base) ? base : `_${base}`;
}

/** The form for one step per notebook; `declared[i]` are notebook i's parameters (null: unknown). */
export function initialPipelineForm(
  notebooks: string[],
  declared: (IDeclaredParameter[] | null)[] = []
): IPipelineForm {
  return {
    name: '',
    steps: notebooks.map((notebook, i) => ({
      notebook,
      name: stepNameOf(notebook),
      after: [],
      params: '',
      declared: declared[i] ?? null
    })),
    maxParallel: '2',
    scheduleKind: 'manual',
    cron: '0 6 * * *',
    timezone: localTimezone()
  };
}

/** The pipeline definition the form says, or the errors of its fields (`name`, `step:<i>`, …). */
export function pipelineDefinitionOf(form: IPipelineForm): { definition: PipelineFile; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!form.name.trim()) {
    errors.name = 'Give the pipeline a name.';
  }
  const maxParallel = Number(form.maxParallel);
  if (!Number.isInteger(maxParallel) || maxParallel < 1 || maxParallel > 16) {
    errors.maxParallel = 'A whole number from 1 to 16.';
  }
  const steps = form.steps.map((step, i) => {
    const { params, error } = stepParams(step);
    if (error) {
      errors[`step:${i}`] = error;
    }
    return {
      notebook: step.notebook,
      name: step.name.trim(),
      ...(step.after.length ? { after: step.after } : {}),
      ...(Object.keys(params).length ? { params } : {})
    };
  });
  const definition: PipelineFile = {
    name: form.name.trim(),
    steps,
    maxParallel: Number.isInteger(maxParallel) ? maxParallel : undefined,
    ...(form.scheduleKind === 'manual'
      ? {}
      : { schedule: { cron: form.cron.trim(), timezone: form.timezone.trim() } })
  };
  return { definition, errors };
}

/**
 * A step's `name=value` lines as values of the types its notebook declares (as the job dialog
 * reads its fields), or the first line at fault.
 */
function stepParams(step: IPipelineStepForm): { params: Record<string, unknown>; error?: string } {
  const params: Record<string, unknown> = {};
  for (const line of step.params.split('\n').filter(text => text.trim())) {
    const at = line.indexOf('=');
    if (at < 1) {
      return { params, error: `"${line.trim()}": write one name=value per line.` };
    }
    const name = line.slice(0, at).trim();
    const text = line.slice(at + 1).trim();
    if (!step.declared) {
      params[name] = parseJsonOr(text, text);
      continue;
    }
    const param = step.declared.find(p => p.name === name);
    if (!param) {
      const names = step.declared.map(p => p.name).join(', ');
      return {
        params,
        error: names
          ? `${step.notebook} declares no parameter "${name}" (it declares ${names}).`
          : `${step.notebook} declares no parameters (tag a cell "parameters", or use %param).`
      };
    }
    const parsed = parseValue(text, param.type);
    if ('error' in parsed) {
      return { params, error: `${name} (${param.type}): ${parsed.error}` };
    }
    params[name] = parsed.value;
  }
  return { params };
}
