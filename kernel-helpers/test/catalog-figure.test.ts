import { columnChart, histogramFigure, truncateLabel } from '../src/catalog/figure';
import type { ColumnProfile } from '../src/profile/types';

/** The histogram charts the dataset panel, `%hist` and executed notebooks draw. */
describe('column histograms people can read', () => {
  const day = Date.UTC(2001, 0, 1);
  const dates = {
    kind: 'numeric' as const,
    edges: [day, day + 86_400_000, day + 2 * 86_400_000],
    counts: [5, 7]
  };

  test('a datetime column is drawn on a date axis, its bars centred on dates, not epoch ms', () => {
    const chart = columnChart('date', 'datetime', dates);
    expect(chart.xaxis).toEqual({ type: 'date' });
    expect(chart.trace.x).toEqual(['2001-01-01T12:00:00.000Z', '2001-01-02T12:00:00.000Z']);
    expect(chart.trace.width).toEqual([86_400_000, 86_400_000]);
    expect(chart.trace.hovertemplate).toContain('%{x|%Y-%m-%d %H:%M}');
  });

  test('a number column keeps a linear axis with numeric bin centres', () => {
    const chart = columnChart('delay', 'number', { kind: 'numeric', edges: [0, 10, 30], counts: [1, 2] });
    expect(chart.xaxis).toEqual({});
    expect(chart.trace.x).toEqual([5, 20]);
  });

  test('categories are horizontal bars, most frequent on top, long labels cut, the whole value kept', () => {
    const long = 'Dallas/Fort Worth International';
    const chart = columnChart('origin', 'string', {
      kind: 'categorical',
      values: [long, 'SFO'],
      counts: [40, 3],
      other: 12_345
    });
    expect(chart.trace).toMatchObject({ orientation: 'h', x: [40, 3], y: [long, 'SFO'] });
    expect(chart.yaxis).toMatchObject({ autorange: 'reversed', tickvals: [long, 'SFO'] });
    expect((chart.yaxis.ticktext as string[])[0]).toBe('Dallas/Fort W…');
    expect((chart.yaxis.ticktext as string[])[0].length).toBeLessThanOrEqual(14);
    // "(other)" is a note beside the bars, not a bar that dwarfs them.
    expect(chart.trace.y).not.toContain('(other)');
    expect(chart.note).toBe('(other): 12,345');
  });

  test('no note when every value is shown; short labels stay whole', () => {
    const chart = columnChart('flag', 'boolean', {
      kind: 'categorical',
      values: ['true'],
      counts: [2],
      other: 0
    });
    expect(chart.note).toBeUndefined();
    expect(truncateLabel('true')).toBe('true');
  });

  test('the grid figure gives each column its own axes and the note as an annotation on them', () => {
    const column = (name: string, type: ColumnProfile['type'], histogram: ColumnProfile['histogram']) =>
      ({ name, type, nullable: false, statistics: {}, histogram }) as unknown as ColumnProfile;
    const figure = histogramFigure([
      column('date', 'datetime', dates),
      column('origin', 'string', { kind: 'categorical', values: ['SFO'], counts: [3], other: 9 })
    ]);
    const layout = figure.layout as Record<string, unknown>;
    expect(layout.xaxis).toEqual({ type: 'date' });
    expect(layout.yaxis2).toMatchObject({ autorange: 'reversed' });
    const annotations = layout.annotations as { text: string; xref: string }[];
    expect(annotations).toContainEqual(expect.objectContaining({ text: '(other): 9', xref: 'x2 domain' }));
  });
});
