import { FilterError, parseFilter, parseOrderBy } from '../src/runs/filter';

describe('the run filter language', () => {
  test('an empty expression is no filter', () => {
    expect(parseFilter('  ')).toEqual([]);
  });

  test('metrics, params, tags and attributes, joined with and (any case)', () => {
    expect(
      parseFilter(
        `metrics.val_acc > 0.9 AND params.lr = 1e-3 and tags.\`team name\` != 'x' and status = "finished"`
      )
    ).toEqual([
      { key: { kind: 'metric', name: 'val_acc' }, op: '>', value: 0.9 },
      { key: { kind: 'param', name: 'lr' }, op: '=', value: 0.001 },
      { key: { kind: 'tag', name: 'team name' }, op: '!=', value: 'x' },
      { key: { kind: 'attribute', name: 'status' }, op: '=', value: 'finished' }
    ]);
  });

  test('like takes a quoted pattern; negative numbers parse', () => {
    expect(parseFilter('name LIKE "%net%" and metrics.loss <= -0.5')).toEqual([
      { key: { kind: 'attribute', name: 'name' }, op: 'like', value: '%net%' },
      { key: { kind: 'metric', name: 'loss' }, op: '<=', value: -0.5 }
    ]);
  });

  test.each([
    ['metrics.', 'Expected a name after "metrics."', 9],
    ['metrics.acc 0.9', 'Expected an operator (=, !=, <, <=, >, >=, like), found "0.9"', 13],
    ['metrics.acc > fast', 'Expected a number or a quoted string, found "fast"', 15],
    ['params.lr = "0.1', 'Unclosed quote "', 13],
    ['params.lr = 1 and', 'The expression ends where a condition after "and" was expected', 18],
    ['color = "red"', 'Unknown key "color"', 1],
    ['metrix.acc > 1', 'Unknown key prefix "metrix."', 1],
    ['name like 3', 'like compares text', 11],
    ['status = "a" ; drop table runs', 'Unexpected character ";"', 14]
  ])('"%s" is refused: %s (column %d)', (source, message, column) => {
    let error: FilterError | undefined;
    try {
      parseFilter(source);
    } catch (e) {
      error = e as FilterError;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error!.message).toContain(message);
    expect(error!.column).toBe(column);
  });

  test('order_by: a key and a direction, start time newest first by default', () => {
    expect(parseOrderBy(undefined)).toEqual({
      key: { kind: 'attribute', name: 'start_time' },
      descending: true
    });
    expect(parseOrderBy('metrics.val_acc DESC')).toEqual({
      key: { kind: 'metric', name: 'val_acc' },
      descending: true
    });
    expect(parseOrderBy('name')).toEqual({ key: { kind: 'attribute', name: 'name' }, descending: false });
    expect(() => parseOrderBy('name sideways')).toThrow(FilterError);
  });
});
