import { fieldOfError, initialForm, kindOfCron, parseValue, settingsOf } from '../src/jobs/form';
import { IDeclaredParameter, IJob } from '../src/jobs/types';

const declared: IDeclaredParameter[] = [
  { name: 'epochs', type: 'number', default: 3, from: 'parameters-cell' },
  { name: 'label', type: 'string', default: 'base', from: 'parameters-cell' },
  { name: 'shuffle', type: 'boolean', default: true, from: 'magic' },
  { name: 'layers', type: 'json', default: [8, 4], from: 'parameters-cell' }
];

describe('parameter values typed from text', () => {
  test.each([
    ['12.5', 'number', 12.5],
    ['-3', 'number', -3],
    ['true', 'boolean', true],
    ['false', 'boolean', false],
    ['[16, 8]', 'json', [16, 8]],
    [' spaced ', 'string', ' spaced ']
  ] as const)('%j as %s is %j', (text, type, value) => {
    expect(parseValue(text, type)).toEqual({ value });
  });

  test.each([
    ['', 'number'],
    ['ten', 'number'],
    ['Infinity', 'number'],
    ['yes', 'boolean'],
    ['[1,', 'json']
  ] as const)('%j is not a %s', (text, type) => {
    expect(parseValue(text, type)).toHaveProperty('error');
  });
});

describe('the request body from the form', () => {
  test('a new form starts from the defaults, daily, in the browser zone; nothing is overridden', () => {
    const form = initialForm(declared, { name: 'train' });
    expect(form.values).toEqual({ epochs: '3', label: 'base', shuffle: 'true', layers: '[8,4]' });
    expect(form.scheduleKind).toBe('daily');
    const { settings, errors } = settingsOf(form, declared);
    expect(errors).toEqual({});
    expect(settings).toEqual({
      schedule: { cron: '0 6 * * *', timezone: form.timezone },
      parameters: {},
      retries: 0,
      timeoutSeconds: null,
      concurrency: 'forbid',
      engine: 'mlnb',
      gates: [],
      onNewVersion: null
    });
  });

  test("a trigger dataset is sent as onNewVersion; an edit keeps the job's debounce on the same dataset, and the service's refusal goes to the field", () => {
    const form = { ...initialForm(declared, { name: 'train' }), triggerDataset: ' penguins ' };
    expect(settingsOf(form, declared).settings.onNewVersion).toEqual({ dataset: 'penguins' });
    const job = {
      name: 'fresh',
      parameters: {},
      schedule: null,
      retries: { count: 0 },
      engine: 'mlnb',
      onNewVersion: { dataset: 'penguins', debounceSeconds: 30 }
    } as unknown as IJob;
    const edit = initialForm(declared, { job });
    expect(edit.triggerDataset).toBe('penguins');
    expect(settingsOf(edit, declared, job).settings.onNewVersion).toEqual({
      dataset: 'penguins',
      debounceSeconds: 30
    });
    expect(settingsOf({ ...edit, triggerDataset: 'weather' }, declared, job).settings.onNewVersion).toEqual({
      dataset: 'weather'
    });
    expect(settingsOf({ ...edit, triggerDataset: '' }, declared, job).settings.onNewVersion).toBeNull();
    const refused = {
      message: 'no dataset named "nope" in the catalog.',
      field: 'onNewVersion',
      status: 400
    };
    expect(fieldOfError(refused, declared)).toBe('triggerDataset');
  });

  test('the engine chosen is sent; an edit starts from the engine the job has', () => {
    const form = { ...initialForm(declared, { name: 'train' }), engine: 'airflow' as const };
    expect(settingsOf(form, declared).settings.engine).toBe('airflow');
    const job = { name: 'k8s', parameters: {}, schedule: null, retries: { count: 0 }, engine: 'kubernetes' };
    const edit = initialForm(declared, { job: job as unknown as IJob });
    expect(edit.engine).toBe('kubernetes');
    expect(settingsOf({ ...edit, engine: 'mlnb' }, declared).settings.engine).toBe('mlnb');
  });

  test('changed values are sent typed; gates one per line; timeout in minutes becomes seconds', () => {
    const form = {
      ...initialForm(declared, { name: 'train' }),
      values: { epochs: '10', label: 'base', shuffle: 'false', layers: '[16, 8]' },
      scheduleKind: 'manual' as const,
      retries: '2',
      timeoutMinutes: '1.5',
      gates: 'val_acc >= 0.8\n\n  loss < 0.5  \n'
    };
    const { settings, errors } = settingsOf(form, declared);
    expect(errors).toEqual({});
    expect(settings).toMatchObject({
      schedule: null,
      parameters: { epochs: 10, shuffle: false, layers: [16, 8] },
      retries: 2,
      timeoutSeconds: 90,
      gates: ['val_acc >= 0.8', 'loss < 0.5']
    });
  });

  test('values that do not fit their type, retries and timeouts are refused by field', () => {
    const form = {
      ...initialForm(declared, { name: ' ' }),
      values: { epochs: 'many', label: 'x', shuffle: 'true', layers: '[' },
      retries: '1.5',
      timeoutMinutes: '-1'
    };
    expect(Object.keys(settingsOf(form, declared).errors).sort()).toEqual([
      'name',
      'param:epochs',
      'param:layers',
      'retries',
      'timeoutSeconds'
    ]);
  });

  test('an edit starts from the job: its values, schedule kind, retries, timeout and gates', () => {
    const job = {
      name: 'nightly',
      parameters: { epochs: { type: 'number', value: 20 } },
      schedule: { cron: '15 2 * * *', timezone: 'Asia/Tokyo' },
      retries: { count: 3, backoffSeconds: 10 },
      timeoutSeconds: 600,
      concurrency: 'replace',
      gates: ['acc > 0.5']
    } as unknown as IJob;
    expect(initialForm(declared, { job })).toMatchObject({
      name: 'nightly',
      values: { epochs: '20', label: 'base' },
      scheduleKind: 'custom',
      cron: '15 2 * * *',
      timezone: 'Asia/Tokyo',
      retries: '3',
      timeoutMinutes: '10',
      concurrency: 'replace',
      gates: 'acc > 0.5'
    });
    expect(kindOfCron(' 0 * * * * ')).toBe('hourly');
  });
});

describe('where a refusal of the service is shown', () => {
  test.each([
    [{ message: 'The cron expression "0 25 * * *" has an invalid hour field: "25".', field: 'hour' }, 'cron'],
    [{ message: 'The cron expression "x" has 1 field', field: 'cron' }, 'cron'],
    [{ message: 'Unknown time zone "Mars/Olympus"', field: 'timezone' }, 'timezone'],
    [
      {
        message: 'The airflow engine takes a cron of 5 fields (minute hour day-of-month month day-of-week)',
        field: 'schedule'
      },
      'cron'
    ],
    [
      { message: 'engine must be one of mlnb, airflow, kubernetes, argo; got "x".', field: 'engine' },
      'engine'
    ],
    [{ message: 'A job named "train" exists already: choose another name.', status: 409 }, 'name'],
    [{ message: 'Gate "val_acc >= ok": not a number' }, 'gates'],
    [{ message: '"epochs" is a number parameter, and "x" is not a number.' }, 'param:epochs'],
    [{ message: 'nb.ipynb runs on the kernel "python3", not "mlnb"', field: undefined }, 'form']
  ])('%j goes to %s', (problem, field) => {
    expect(fieldOfError(problem, declared)).toBe(field);
  });
});
