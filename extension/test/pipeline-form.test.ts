import { initialPipelineForm, pipelineDefinitionOf, stepNameOf } from '../src/jobs/pipeline-form';

describe('the "Productionize as pipeline" form', () => {
  test('one step per notebook, named as the CLI names them, in the order given', () => {
    const form = initialPipelineForm(['nb/ingest.ipynb', 'nb/2-features.ipynb']);
    expect(form.steps.map(s => [s.notebook, s.name])).toEqual([
      ['nb/ingest.ipynb', 'ingest'],
      ['nb/2-features.ipynb', '_2-features']
    ]);
    expect(stepNameOf('my report.ipynb')).toBe('my_report');
  });

  test('sends a pipeline file definition: after edges, typed parameters, the schedule only when there is one', () => {
    const form = initialPipelineForm(['ingest.ipynb', 'score.ipynb']);
    form.name = ' nightly ';
    form.steps[0].params = 'rows=1000\nlabel=base\n\nlayers=[8, 4]';
    form.steps[1].after = ['ingest'];
    expect(pipelineDefinitionOf(form)).toEqual({
      definition: {
        name: 'nightly',
        maxParallel: 2,
        steps: [
          { notebook: 'ingest.ipynb', name: 'ingest', params: { rows: 1000, label: 'base', layers: [8, 4] } },
          { notebook: 'score.ipynb', name: 'score', after: ['ingest'] }
        ]
      },
      errors: {}
    });
    form.scheduleKind = 'daily';
    form.timezone = 'Europe/Berlin';
    expect(pipelineDefinitionOf(form).definition.schedule).toEqual({
      cron: '0 6 * * *',
      timezone: 'Europe/Berlin'
    });
  });

  test('a missing name, a parameter line without "=" and a bad parallelism are the fields’ errors', () => {
    const form = initialPipelineForm(['ingest.ipynb']);
    form.steps[0].params = 'rows';
    form.maxParallel = '0';
    expect(pipelineDefinitionOf(form).errors).toEqual({
      name: 'Give the pipeline a name.',
      'step:0': '"rows": write one name=value per line.',
      maxParallel: 'A whole number from 1 to 16.'
    });
  });
});
