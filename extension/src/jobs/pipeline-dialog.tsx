import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { PipelinesApi, PipelineView } from '../api';
import { Alert } from '../components';
import { bindField, CountField, CSS, InputField, ScheduleSection, TextAreaField } from './fields';
import { initialPipelineForm, IPipelineForm, IPipelineStepForm, pipelineDefinitionOf } from './pipeline-form';
import { IFormProps, SubmittingDialog, SubmittingForm } from './submitting-dialog';

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
class PipelineForm extends SubmittingForm<PipelineView, IPipelineForm> {
  constructor(
    paths: string[],
    trans: TranslationBundle,
    private readonly beforeCreate?: () => Promise<void>
  ) {
    super(initialPipelineForm(paths), trans);
    this.addClass(CSS.form);
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

  protected view(props: IFormProps<IPipelineForm>): JSX.Element {
    return <PipelineFormView {...props} />;
  }
}

function PipelineFormView(props: IFormProps<IPipelineForm>): JSX.Element {
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
      <Alert className={CSS.formError} message={errors.form} />
      <div className={CSS.hint}>
        {trans.__(
          'One step per notebook, each frozen as a snapshot. A step runs after the steps you tick, and after the step that registers a dataset it loads.'
        )}
      </div>
      <InputField id="jp-mlnb-pipeline-name" label={trans.__('Name')} {...bindField(props, 'name')} />
      {form.steps.map((step, i) => (
        <fieldset key={step.notebook} className={`${CSS.params} ${PIPELINE_CSS.step}`}>
          <legend>{trans.__('Step %1: %2', i + 1, step.notebook)}</legend>
          <InputField
            id={`jp-mlnb-pipeline-step-${i}-name`}
            label={trans.__('Step name')}
            value={step.name}
            onText={name => setStep(i, { name })}
          />
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
          <TextAreaField
            id={`jp-mlnb-pipeline-step-${i}-params`}
            label={trans.__('Parameters (name=value, one per line)')}
            error={errors[`step:${i}`]}
            rows={2}
            value={step.params}
            onText={params => setStep(i, { params })}
          />
        </fieldset>
      ))}
      <CountField
        id="jp-mlnb-pipeline-parallel"
        label={trans.__('Steps at once at most')}
        min={1}
        max={16}
        {...bindField(props, 'maxParallel')}
      />
      <ScheduleSection {...props} preview={null} />
    </div>
  );
}
