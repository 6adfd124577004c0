import { compareRuns } from '../src/experiments/comparison';
import { runsToCsv } from '../src/experiments/export';
import { notebookFromRun } from '../src/experiments/notebook';
import { parallelDimensions } from '../src/experiments/parallel';
import { parseFigure } from '../src/plotly/figure';
import { runRecord, series } from './fixtures';

const run = runRecord;

describe('runsToCsv', () => {
  test('one line per run with every param and the latest value of every metric, quoted per RFC 4180', () => {
    const csv = runsToCsv([
      run({
        name: 'a, "quoted"',
        params: { lr: { type: 'number', value: 0.1 } },
        metrics: {
          loss: [
            { step: 0, value: 0.9, time: '' },
            { step: 1, value: 0.5, time: '' }
          ]
        }
      }),
      run({ id: 'b'.repeat(32), name: 'b', params: { layers: { type: 'json', value: [4, 2] } } })
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,name,experiment,status,source,user,start_time,end_time,params.layers,params.lr,metrics.loss'
    );
    expect(lines[1]).toContain(',"a, ""quoted""",');
    expect(lines[1].endsWith(',,0.1,0.5')).toBe(true);
    expect(lines[2]).toContain(',"[4,2]",,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('notebookFromRun', () => {
  test('the executed cells in the order they ran, failed ones marked, on the mlnb kernel', () => {
    const nb = notebookFromRun(
      run({
        params: { lr: { type: 'number', value: 0.1 } },
        cells: [
          {
            seq: 1,
            cellId: 'b',
            executionCount: 1,
            source: 'const b = a;',
            startTime: '',
            durationMs: 1,
            status: 'error',
            error: 'ReferenceError: a is not defined'
          },
          {
            seq: 2,
            cellId: 'a',
            executionCount: 2,
            source: 'const a = 1;',
            startTime: '',
            durationMs: 1,
            status: 'ok',
            error: null
          }
        ]
      })
    ) as { metadata: { kernelspec: { name: string } }; cells: { cell_type: string; source: string }[] };
    expect(nb.metadata.kernelspec.name).toBe('mlnb');
    expect(nb.cells.map(c => c.cell_type)).toEqual(['markdown', 'code', 'code']);
    expect(nb.cells[0].source).toContain('`lr` = `0.1`');
    expect(nb.cells[1].source).toBe(
      '// This cell failed in the run: ReferenceError: a is not defined\nconst b = a;'
    );
    expect(nb.cells[2].source).toBe('const a = 1;');
  });
});

describe('parseFigure', () => {
  test('accepts a JSON string (tslab) or an object, and explains what is wrong', () => {
    expect(parseFigure('{"data":[{"type":"bar"}]}')).toEqual({ data: [{ type: 'bar' }] });
    expect(parseFigure({ data: [], layout: { height: 1 } })).toEqual({ data: [], layout: { height: 1 } });
    expect(() => parseFigure('{nope')).toThrow(/not valid JSON/);
    expect(() => parseFigure({ layout: {} })).toThrow('A Plotly figure needs a "data" array of traces.');
  });
});

describe('parallelDimensions', () => {
  /** A run with these values of lr and opt (layers is always 2) and the latest acc (and loss). */
  const trial = (lr: number, opt: string, acc: number, loss?: number) =>
    run({
      params: {
        lr: { type: 'number', value: lr },
        opt: { type: 'string', value: opt },
        layers: { type: 'number', value: 2 }
      },
      metrics: {
        acc: series([acc / 2, acc]),
        ...(loss === undefined ? {} : { loss: series([loss / 2, loss]) })
      }
    });
  test('one axis per numeric param and latest metric that all runs have and that varies', () => {
    const runs = [trial(0.1, 'adam', 0.8), trial(0.01, 'sgd', 0.9, 0.2), trial(0.001, 'adam', 0.7)];
    expect(parallelDimensions(runs)).toEqual([
      { label: 'params.lr', values: [0.1, 0.01, 0.001] },
      { label: 'metrics.acc', values: [0.8, 0.9, 0.7] }
    ]);
  });
});

describe('compareRuns', () => {
  test('flags differing rows and gives the metric deltas of two runs (second minus first)', () => {
    const at = (value: number) => [{ step: 0, value, time: '' }];
    const rows = compareRuns([
      run({ params: { lr: { type: 'number', value: 0.1 } }, metrics: { acc: at(0.8), loss: at(0.3) } }),
      run({ params: { lr: { type: 'number', value: 0.1 } }, metrics: { acc: at(0.85), loss: at(0.3) } })
    ]);
    expect(rows.map(r => [r.kind, r.key, r.differs, r.delta])).toEqual([
      ['param', 'lr', false, undefined],
      ['metric', 'acc', true, expect.closeTo(0.05, 10)],
      ['metric', 'loss', false, 0]
    ]);
  });
});
