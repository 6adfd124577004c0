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

  test('sends a pipeline file definition: after edges, parameters (JSON, else text, where the notebook could not be read), the schedule only when there is one', () => {
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

  test("a step's values are read by the types its notebook declares, as the job dialog reads them", () => {
    const declared = [
      { name: 'rows', type: 'number', default: 10, from: 'parameters-cell' },
      { name: 'label', type: 'string', default: 'x', from: 'parameters-cell' },
      { name: 'full', type: 'boolean', default: false, from: 'magic' },
      { name: 'layers', type: 'json', default: [4], from: 'magic' }
    ] as const;
    const form = initialPipelineForm(['ingest.ipynb', 'score.ipynb'], [[...declared], []]);
    form.name = 'typed';
    // "5" for a string parameter stays text; JSON would have made it a number the service refuses.
    form.steps[0].params = 'rows=1000\nlabel=5\nfull=true\nlayers=[8, 4]';
    expect(pipelineDefinitionOf(form).definition.steps[0].params).toEqual({
      rows: 1000,
      label: '5',
      full: true,
      layers: [8, 4]
    });
    form.steps[0].params = 'rows=many';
    expect(pipelineDefinitionOf(form).errors).toEqual({ 'step:0': 'rows (number): Not a number.' });
    form.steps[0].params = 'window=7';
    expect(pipelineDefinitionOf(form).errors).toEqual({
      'step:0': 'ingest.ipynb declares no parameter "window" (it declares rows, label, full, layers).'
    });
    form.steps[0].params = '';
    form.steps[1].params = 'rows=1';
    expect(pipelineDefinitionOf(form).errors).toEqual({
      'step:1': 'score.ipynb declares no parameters (tag a cell "parameters", or use %param).'
    });
  });
});
