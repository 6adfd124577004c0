import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { readRuns } from './helpers/store';
import { vegaFile } from './helpers/datasets';

const outputText = (cell: { outputs: { text?: string | string[] }[] }) =>
  cell.outputs.map(o => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? ''))).join('');

/**
 * The catalog from a notebook: %dataset, %hist, %%sql and mlnb.catalog, run headless with the
 * real `mlnb run` (the kernel expands the same magics, so this is the interactive behaviour too).
 */
describe('the catalog in a notebook', () => {
  let dir: string;
  let executed: { cells: { outputs: { text?: string; data?: Record<string, unknown> }[] }[] };
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = tempDir();
    env = { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(dir, 'weather.csv'));
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(dir, 'copy.csv'));
    const nb = writeNotebook(dir, 'explore.ipynb', [
      code(
        'register',
        '%dataset register weather.csv --name weather --description "Seattle, daily" --tag demo'
      ),
      code('load', "%dataset load weather as w\nconsole.log('shape', w.shape.join('x'));"),
      code('hist', '%hist w temp_max weather'),
      code(
        'sql-frame',
        '%%sql --out wet\nSELECT weather, count(*) AS n FROM w GROUP BY weather ORDER BY n DESC'
      ),
      code('print', "console.log('kinds', JSON.stringify(wet.column('weather').values));"),
      code('sql-catalog', '%%sql\nSELECT count(*) AS days FROM weather WHERE precipitation > 0'),
      code('frame', "const sample = await mlnb.catalog.register(w.head(10), { name: 'weather-sample' });"),
      code('direct', "await mlnb.dataRef('copy.csv');")
    ]);
    const result = runCli(['run', nb, '-o', path.join(dir, 'out.ipynb')], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    executed = JSON.parse(fs.readFileSync(path.join(dir, 'out.ipynb'), 'utf8'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const csvRows = () => {
    const [header, ...rows] = fs.readFileSync(path.join(dir, 'weather.csv'), 'utf8').trim().split('\n');
    const names = header.split(',');
    return rows.map(row => Object.fromEntries(row.split(',').map((v, i) => [names[i], v])));
  };

  test('%dataset register catalogs the file and %dataset load gives a DataFrame of all its rows', () => {
    expect(outputText(executed.cells[0])).toContain('Registered weather@1');
    expect(outputText(executed.cells[1])).toContain(`shape ${csvRows().length}x6`);
  });

  test('%hist draws a Plotly figure with one histogram per named column', () => {
    const figure = JSON.parse(executed.cells[2].outputs[0].data!['application/vnd.plotly.v1+json'] as string);
    expect(figure.data.map((t: { name: string }) => t.name)).toEqual(['temp_max', 'weather']);
    const weather = figure.data[1];
    const counted: Record<string, number> = {};
    for (const row of csvRows()) {
      counted[row.weather] = (counted[row.weather] ?? 0) + 1;
    }
    // Categories are horizontal bars: values on y, counts on x.
    expect(weather.orientation).toBe('h');
    expect(Object.fromEntries(weather.y.map((v: string, i: number) => [v, weather.x[i]]))).toEqual(counted);
  });

  test('%%sql queries a DataFrame in scope (--out keeps the result) and a catalog dataset by name', () => {
    const counted: Record<string, number> = {};
    for (const row of csvRows()) {
      counted[row.weather] = (counted[row.weather] ?? 0) + 1;
    }
    const expected = Object.entries(counted)
      .sort((a, b) => b[1] - a[1])
      .map(([kind]) => kind);
    expect(outputText(executed.cells[4])).toContain(`kinds ${JSON.stringify(expected)}`);
    const wetDays = csvRows().filter(r => Number(r.precipitation) > 0).length;
    const table = executed.cells[5].outputs[0].data!['text/html'] as string;
    expect(table).toContain(`<td>${wetDays}</td>`);
  });

  test('a file read outside the catalog with the content of a version is linked to that version', async () => {
    const [run] = await readRuns(env.MLNB_STORE!);
    const direct = run.dataRefs.find(r => r.uri.endsWith('copy.csv'));
    expect(direct).toMatchObject({ role: 'input', dataset: 'weather@1' });
  });

  test('the run records the registration as an output and the loads as inputs; the dataset lists the run as a reader', async () => {
    const [run] = await readRuns(env.MLNB_STORE!);
    const refs = run.dataRefs.map(r => [r.role, r.dataset]);
    expect(refs).toEqual(
      expect.arrayContaining([
        ['output', 'weather@1'],
        ['input', 'weather@1'],
        ['output', 'weather-sample@1']
      ])
    );
    const shown = runCli(['datasets', 'show', 'weather', '--json'], { cwd: dir, env });
    const record = JSON.parse(shown.stdout);
    expect(record.lineage.producedBy).toBe(run.id);
    expect(record.lineage.readBy.map((r: { runId: string }) => r.runId)).toEqual([run.id]);
  });

  test('a DataFrame registered from the notebook is stored as CSV under the artifact root and loads back', () => {
    const record = JSON.parse(
      runCli(['datasets', 'show', 'weather-sample', '--json'], { cwd: dir, env }).stdout
    );
    expect(record.rows).toBe(10);
    expect(
      record.location.startsWith(path.join(dir, '.mlnb', 'artifacts', 'datasets', 'weather-sample'))
    ).toBe(true);
    expect(fs.readFileSync(record.location, 'utf8').split('\n')[0]).toBe(
      'date,precipitation,temp_max,temp_min,wind,weather'
    );
  });
});
