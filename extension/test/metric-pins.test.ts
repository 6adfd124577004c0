import { defaultPins, MetricPins, pinnedFirst } from '../src/experiments/pins';
import { IRunRecord } from '../src/experiments/types';

const point = (time: string, value = 1) => ({ step: 0, value, time });

function record(overrides: Partial<IRunRecord>): IRunRecord {
  return {
    id: 'r1',
    experiment: 'nb/train.ipynb',
    params: {},
    metrics: {},
    tags: {},
    ...overrides
  } as IRunRecord;
}

/** localStorage's contract, in memory: what the browser gives the pins. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('the metrics a run list shows', () => {
  const metrics = {
    acc: [point('2026-11-27T09:00:01Z')],
    accuracy: [point('2026-11-27T09:00:02Z')],
    f1_macro: [point('2026-11-27T09:00:03Z')],
    loss: [point('2026-11-27T09:00:00Z'), point('2026-11-27T09:00:09Z')]
  };

  test("by default the evaluation measure's metric", () => {
    const run = record({
      metrics,
      tags: { 'mlnb.measure': 'passed' },
      params: { eval_measure: { type: 'string', value: 'f1_macro >= 0.8' } }
    });
    expect(defaultPins(run)).toEqual(['f1_macro']);
  });

  test('else the series logged most recently, not the first alphabetically', () => {
    expect(defaultPins(record({ metrics }))).toEqual(['loss']);
    expect(defaultPins(record({}))).toEqual([]);
  });

  test('pinned metrics come first, in pin order; the others keep theirs', () => {
    expect(pinnedFirst(['acc', 'accuracy', 'f1_macro', 'loss'], ['loss', 'gone', 'acc'])).toEqual([
      'loss',
      'acc',
      'accuracy',
      'f1_macro'
    ]);
  });

  test('pins are remembered per experiment and replace the default; a default is fetched once', async () => {
    const storage = new MemoryStorage();
    const fetched: string[] = [];
    const fetchRun = async (id: string) => {
      fetched.push(id);
      return record({ id, metrics });
    };
    const pins = new MetricPins(fetchRun, storage);
    const changes: string[] = [];
    pins.changed.connect((_, experiment) => changes.push(experiment));
    pins.ensureDefault('nb/train.ipynb', 'r1');
    pins.ensureDefault('nb/train.ipynb', 'r1');
    await new Promise(resolve => setImmediate(resolve));
    expect(fetched).toEqual(['r1']);
    expect(pins.get('nb/train.ipynb')).toEqual(['loss']);

    pins.setPinned(['nb/train.ipynb'], 'accuracy', true);
    pins.setPinned(['nb/train.ipynb'], 'loss', false);
    expect(pins.get('nb/train.ipynb')).toEqual(['accuracy']);
    expect(pins.get('nb/other.ipynb')).toEqual([]);
    expect(changes).toEqual(['nb/train.ipynb', 'nb/train.ipynb', 'nb/train.ipynb']);
    // A new page (a new MetricPins over the same storage) keeps them, without asking the service.
    const again = new MetricPins(fetchRun, storage);
    again.ensureDefault('nb/train.ipynb', 'r1');
    expect(again.get('nb/train.ipynb')).toEqual(['accuracy']);
    expect(fetched).toEqual(['r1']);
  });

  test('a stored value that is not a list of pins (not JSON, or another shape) counts as never pinned', () => {
    const storage = new MemoryStorage();
    const pins = new MetricPins(async id => record({ id }), storage);
    storage.setItem('mlnb:pinned-metrics:nb/a.ipynb', '{not json');
    storage.setItem('mlnb:pinned-metrics:nb/b.ipynb', '{"acc": true}');
    storage.setItem('mlnb:pinned-metrics:nb/c.ipynb', '["acc", 3, "loss"]');
    expect(pins.chosen('nb/a.ipynb')).toBeNull();
    expect(pins.chosen('nb/b.ipynb')).toBeNull();
    expect(pins.chosen('nb/c.ipynb')).toEqual(['acc', 'loss']);
  });
});
