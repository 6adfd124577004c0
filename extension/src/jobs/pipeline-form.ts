/**
 * The "Productionize as pipeline" dialog's form, without the DOM: one step per notebook in the
 * order given (the file browser's), each with the steps it runs after and its parameter values;
 * the schedule as for a job. What it sends is a pipeline file's definition
 * (schemas/pipeline.schema.json $defs/file), checked by the service as a *.pipeline.yaml is.
 */
import type { PipelineFile } from '../api';
import { parseJsonOr } from '../json';
import type { ScheduleFields } from './fields';
import { FieldErrors, localTimezone } from './form';

export interface IPipelineStepForm {
  /** The notebook, a Jupyter contents path. */
  notebook: string;
  name: string;
  /** The names of the steps this one runs after, besides those whose datasets it loads. */
  after: string[];
  /** One `name=value` per line; a value is read as JSON when it is JSON (5, true, [1, 2]), else as text. */
  params: string;
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

export function initialPipelineForm(notebooks: string[]): IPipelineForm {
  return {
    name: '',
    steps: notebooks.map(notebook => ({ notebook, name: stepNameOf(notebook), after: [], params: '' })),
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
    const params: Record<string, unknown> = {};
    for (const line of step.params.split('\n').filter(text => text.trim())) {
      const at = line.indexOf('=');
      if (at < 1) {
        errors[`step:${i}`] = `"${line.trim()}": write one name=value per line.`;
        continue;
      }
      const value = line.slice(at + 1).trim();
      params[line.slice(0, at).trim()] = parseJsonOr(value, value);
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
