import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { PipelinesApi, PipelineView } from '../api';
import { CSS, Field, InputField, ScheduleSection } from './fields';
import { FieldErrors } from './form';
import { initialPipelineForm, IPipelineForm, IPipelineStepForm, pipelineDefinitionOf } from './pipeline-form';
import { SubmittingDialog, SubmittingForm } from './submitting-dialog';

export const PIPELINE_CSS = {
  step: 'jp-mlnb-Pipelines-formStep',
  after: 'jp-mlnb-Pipelines-formAfter'
} as const;

/**
 * The "Productionize as pipeline" dialog for the notebooks at `paths` (one step each, in that
 * order). It stays open while the service refuses the definition, saying why; it resolves with
 * the pipeline created, or null when cancelled.
 */
export async function showPipelineDialog(options: {
  paths: string[];
  trans: TranslationBundle;
  /** Called before the pipeline is created (open notebooks are saved: each step snapshots its file). */
  beforeCreate?: () => Promise<void>;
}): Promise<PipelineView | null> {
  const { trans } = options;
  const buttons = [Dialog.cancelButton(), Dialog.okButton({ label: trans.__('Create') })];
  const dialog = new SubmittingDialog<PipelineView>({
    title: trans.__('Productionize %1 notebooks as a pipeline', options.paths.length),
    body: new PipelineForm(options.paths, trans, options.beforeCreate),
    buttons,
    defaultButton: 1,
    hasClose: true
  });
  const result = await dialog.launch();
  return result.button.accept && result.value ? result.value : null;
}

/** The dialog's body: the form's state and the submission. */
class PipelineForm extends SubmittingForm<PipelineView> {
  private form: IPipelineForm;

  constructor(
    paths: string[],
    private readonly trans: TranslationBundle,
    private readonly beforeCreate?: () => Promise<void>
  ) {
    super();
    this.addClass(CSS.form);
    this.form = initialPipelineForm(paths);
  }

  async submit(): Promise<boolean> {
    if (this.submitting) {
      return false;
    }
    const { definition, errors } = pipelineDefinitionOf(this.form);
    this.errors = errors;
    if (Object.keys(errors).length > 0) {
      this.update();
      return false;
    }
    return this.send(
      async () => {
        await this.beforeCreate?.();
        return PipelinesApi.create(definition);
      },
      // The service names the field at fault; all but the name belong to the whole definition.
      problem => (problem.field === 'name' ? 'name' : 'form')
    );
  }

  protected render(): JSX.Element {
    return (
      <PipelineFormView
        form={this.form}
        errors={this.errors}
        trans={this.trans}
        onChange={change => this.change(change)}
      />
    );
  }

  private change(change: Partial<IPipelineForm>): void {
    this.form = { ...this.form, ...change };
    const errors = { ...this.errors };
    delete errors.form;
    for (const key of Object.keys(change)) {
      delete errors[key];
    }
    this.errors = errors;
    this.update();
  }
}

function PipelineFormView(props: {
  form: IPipelineForm;
  errors: FieldErrors;
  trans: TranslationBundle;
  onChange: (change: Partial<IPipelineForm>) => void;
}): JSX.Element {
  const { form, errors, trans, onChange } = props;
  const setStep = (index: number, change: Partial<IPipelineStepForm>) => {
    const renamed = change.name !== undefined ? [form.steps[index].name, change.name] : null;
    onChange({
      steps: form.steps.map((step, i) => {
        if (i === index) {
          return { ...step, ...change };
        }
        // A renamed step keeps the steps that run after it.
        return renamed ? { ...step, after: step.after.map(a => (a === renamed[0] ? renamed[1] : a)) } : step;
      })
    });
  };
  return (
    <div>
      {errors.form && (
        <div className={CSS.formError} role="alert">
          {errors.form}
        </div>
      )}
      <div className={CSS.hint}>
        {trans.__(
          'One step per notebook, each frozen as a snapshot. A step runs after the steps you tick, and after the step that registers a dataset it loads.'
        )}
      </div>
      <Field label={trans.__('Name')} error={errors.name} htmlFor="jp-mlnb-pipeline-name">
        <input
          id="jp-mlnb-pipeline-name"
          value={form.name}
          onChange={e => onChange({ name: e.target.value })}
        />
      </Field>
      {form.steps.map((step, i) => (
        <fieldset key={step.notebook} className={`${CSS.params} ${PIPELINE_CSS.step}`}>
          <legend>{trans.__('Step %1: %2', i + 1, step.notebook)}</legend>
          <Field label={trans.__('Step name')} htmlFor={`jp-mlnb-pipeline-step-${i}-name`}>
            <input
              id={`jp-mlnb-pipeline-step-${i}-name`}
              value={step.name}
              onChange={e => setStep(i, { name: e.target.value })}
            />
          </Field>
          {form.steps.length > 1 && (
            <div className={PIPELINE_CSS.after} role="group" aria-label={trans.__('Runs after')}>
              <span>{trans.__('Runs after')}</span>
              {form.steps
                .filter(other => other !== step)
                .map(other => (
                  <label key={other.notebook}>
                    <input
                      type="checkbox"
                      checked={step.after.includes(other.name)}
                      onChange={e =>
                        setStep(i, {
                          after: e.target.checked
                            ? [...step.after, other.name]
                            : step.after.filter(name => name !== other.name)
                        })
                      }
                    />
                    {other.name}
                  </label>
                ))}
            </div>
          )}
          <Field
            label={trans.__('Parameters (name=value, one per line)')}
            error={errors[`step:${i}`]}
            htmlFor={`jp-mlnb-pipeline-step-${i}-params`}
          >
            <textarea
              id={`jp-mlnb-pipeline-step-${i}-params`}
              rows={2}
              value={step.params}
              onChange={e => setStep(i, { params: e.target.value })}
            />
          </Field>
        </fieldset>
      ))}
      <InputField
        id="jp-mlnb-pipeline-parallel"
        label={trans.__('Steps at once at most')}
        error={errors.maxParallel}
        type="number"
        min={1}
        max={16}
        value={form.maxParallel}
        onText={maxParallel => onChange({ maxParallel })}
      />
      <ScheduleSection form={form} errors={errors} preview={null} trans={trans} onChange={onChange} />
    </div>
  );
}
