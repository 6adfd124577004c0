import { checkSchedule, describeSchedule, nextTimes, ScheduleError } from '../src/jobs/cron';
import { DriftSource, evaluateGates, gateFailure, parseGate } from '../src/jobs/gates';
import type { RunRecord } from '../src/store/runs/types';

function runWith(metrics: Record<string, [number, number][]>, datasets: (string | null)[] = []): RunRecord {
  return {
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, points]) => [
        k,
        points.map(([step, value]) => ({ step, value, time: '2026-11-27T09:00:00.000Z' }))
      ])
    ),
    dataRefs: datasets.map(dataset => ({
      uri: 'file:///d.csv',
      dataset,
      sha256: null,
      role: 'input',
      rows: 10
    }))
  } as unknown as RunRecord;
}

describe('validation gates', () => {
  test.each([
    ['val_acc >= 0.8', { kind: 'metric', metric: 'val_acc', op: '>=', threshold: 0.8 }],
    ['loss<0.3', { kind: 'metric', metric: 'loss', op: '<', threshold: 0.3 }],
    ['eval/f1 != 0', { kind: 'metric', metric: 'eval/f1', op: '!=', threshold: 0 }],
    [
      'drift(penguins, 2) <= 0.25',
      { kind: 'drift', dataset: 'penguins', refVersion: 2, op: '<=', threshold: 0.25 }
    ]
  ])('parses %s', (text, expected) => {
    expect(parseGate(text)).toMatchObject(expected);
  });

  test.each([
    ['val_acc', 'no comparison'],
    ['val_acc >= high', 'the threshold "high" after >= is not a number'],
    ['val acc >= 0.8', '"val acc" is not a metric name'],
    [
      'mean(val_acc) >= 0.8',
      '"mean(val_acc)" is not a metric name, and drift(DATASET, VERSION) is the only function'
    ],
    ['drift(penguins) <= 0.2', 'drift(...) takes a dataset name and a reference version'],
    ['drift(penguins, latest) <= 0.2', 'the reference version "latest" is not a version number'],
    ['drift(pen guins, 2) <= 0.2', '"pen guins" is not a dataset name'],
    ['0.1 < loss < 0.3', 'one comparison per gate']
  ])('refuses %s, naming the bad part', (text, message) => {
    expect(() => parseGate(text)).toThrow(message);
  });

  test('a metric gate compares the final value (highest step) and reports what it observed', async () => {
    const run = runWith({
      val_acc: [
        [0, 0.9],
        [2, 0.62],
        [1, 0.95]
      ],
      loss: [[0, 0.2]]
    });
    const results = await evaluateGates([parseGate('val_acc >= 0.8'), parseGate('loss < 0.3')], run);
    expect(results).toEqual([
      { gate: 'val_acc >= 0.8', ok: false, observed: 0.62, reason: 'observed 0.62, needs >= 0.8' },
      { gate: 'loss < 0.3', ok: true, observed: 0.2, reason: null }
    ]);
    expect(gateFailure(results)).toBe('gate "val_acc >= 0.8" failed: observed 0.62, needs >= 0.8');
  });

  test('a metric the run did not log fails its gate', async () => {
    const [result] = await evaluateGates([parseGate('auc > 0.5')], runWith({}));
    expect(result).toMatchObject({ ok: false, observed: null, reason: 'the run logged no metric "auc"' });
  });

  test('a data gate asks the drift source about the version the run read against the reference', async () => {
    const asked: number[][] = [];
    const drift: DriftSource = {
      drift: async (dataset, version, ref) => {
        asked.push([version, ref]);
        expect(dataset).toBe('penguins');
        return 0.31;
      }
    };
    const run = runWith({}, ['weather@1', 'penguins@4']);
    const [result] = await evaluateGates([parseGate('drift(penguins, 2) <= 0.25')], run, drift);
    expect(asked).toEqual([[4, 2]]);
    expect(result).toMatchObject({ ok: false, observed: 0.31, reason: 'observed 0.31, needs <= 0.25' });
  });

  test('without the dataset catalog a data gate fails and says so', async () => {
    const [result] = await evaluateGates(
      [parseGate('drift(penguins, 2) <= 0.25')],
      runWith({}, ['penguins@4'])
    );
    expect(result.ok).toBe(false);
    expect(result.reason).toBe('the dataset catalog is not available, so drift cannot be measured');
  });

  test('a data gate on a dataset the run did not read, or read without a version, fails with that reason', async () => {
    const drift: DriftSource = { drift: async () => 0 };
    const gate = parseGate('drift(penguins, 2) <= 0.25');
    const [none] = await evaluateGates([gate], runWith({}, ['weather@1']), drift);
    expect(none.reason).toBe('the run read no dataset named "penguins"');
    const [unversioned] = await evaluateGates([gate], runWith({}, ['penguins']), drift);
    expect(unversioned.reason).toBe('the run read "penguins" without a catalog version (name@version)');
  });
});

describe('schedules', () => {
  test.each([
    ['61 * * * *', 'minute', '"61"'],
    ['0 25 * * *', 'hour', '"25"'],
    ['0 6 32 * *', 'day of month', '"32"'],
    ['0 6 * 13 *', 'month', '"13"'],
    ['0 6 * * 8', 'day of week', '"8"'],
    ['0 6 * * MON-FUN', 'day of week', '"MON-FUN"']
  ])('%s is refused, naming the %s field', (cron, field, shown) => {
    let error: unknown;
    try {
      checkSchedule({ cron, timezone: 'UTC' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScheduleError);
    expect((error as ScheduleError).field).toBe(field);
    expect((error as Error).message).toBe(
      `The cron expression "${cron}" has an invalid ${field} field: ${shown}.`
    );
  });

  test('a cron with the wrong number of fields says how many it needs', () => {
    expect(() => checkSchedule({ cron: '0 6 * *', timezone: 'UTC' })).toThrow(
      'has 4 fields; it needs 5: minute hour day-of-month month day-of-week'
    );
  });

  test('an unknown time zone is refused, naming the time zone', () => {
    expect(() => checkSchedule({ cron: '0 6 * * *', timezone: 'Europe/Atlantis' })).toThrow(
      'Unknown time zone "Europe/Atlantis"'
    );
  });

  test('next fire times follow the time zone, across a daylight saving change', () => {
    const schedule = { cron: '30 6 * * *', timezone: 'Europe/Berlin' };
    const times = nextTimes(schedule, Date.UTC(2026, 2, 27, 12), 3).map(t => new Date(t).toISOString());
    // Berlin moves from UTC+1 to UTC+2 on 29 March 2026.
    expect(times).toEqual([
      '2026-03-28T05:30:00.000Z',
      '2026-03-29T04:30:00.000Z',
      '2026-03-30T04:30:00.000Z'
    ]);
    expect(describeSchedule(schedule)).toBe('At 06:30 (Europe/Berlin)');
  });
});
