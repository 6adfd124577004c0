import { Field, Int32, List, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vegaFile } from './helpers/datasets';
import { runCli, tempDir, withTempDir } from './helpers/env';
import { talkToKernel, textOf as kernelText } from './helpers/kernel';
import { code, writeNotebook } from './helpers/notebooks';
import { readRuns } from './helpers/store';

type Cell = {
  outputs: {
    output_type: string;
    text?: string | string[];
    data?: Record<string, unknown>;
    evalue?: string;
  }[];
};
const textOf = (cell: Cell) =>
  cell.outputs.map(o => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? o.evalue ?? ''))).join('');

/** One line a cell printed as `label {json}`. */
function printed(cell: Cell, label: string): unknown {
  const line = textOf(cell)
    .split('\n')
    .find(l => l.startsWith(`${label} `));
  if (!line) {
    throw new Error(`no "${label}" line in ${JSON.stringify(cell.outputs)}`);
  }
  return JSON.parse(line.slice(label.length + 1));
}

/**
 * Every registered format (csv, tsv, json, jsonl, arrow, parquet) loads as a DataFrame, in
 * slices, and answers %%sql through DuckDB, from a notebook run by the real `mlnb run`; the
 * run records what it read. Expected values come from the files themselves, read here.
 */
describe('catalog formats: load and query each from a notebook', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cells: Cell[];
  const weather = () => {
    const [header, ...rows] = fs.readFileSync(vegaFile('seattle-weather.csv'), 'utf8').trim().split('\n');
    const names = header.split(',');
    return rows.map(row => Object.fromEntries(row.split(',').map((v, i) => [names[i], v])));
  };
  const penguins = () =>
    JSON.parse(fs.readFileSync(vegaFile('penguins.json'), 'utf8')) as Record<string, unknown>[];
  const flights200k = () => tableFromIPC(fs.readFileSync(vegaFile('flights-200k.arrow')));

  beforeAll(() => {
    dir = tempDir();
    env = { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
    const csv = fs.readFileSync(vegaFile('seattle-weather.csv'), 'utf8');
    fs.writeFileSync(path.join(dir, 'weather.csv'), csv);
    fs.writeFileSync(path.join(dir, 'weather.tsv'), csv.replace(/,/g, '\t'));
    fs.writeFileSync(path.join(dir, 'penguins.json'), JSON.stringify(penguins()));
    fs.writeFileSync(
      path.join(dir, 'penguins.jsonl'),
      penguins()
        .map(r => JSON.stringify(r))
        .join('\n') + '\n'
    );
    const files: [string, string][] = [
      ['weather_csv', 'weather.csv'],
      ['weather_tsv', 'weather.tsv'],
      ['penguins_json', 'penguins.json'],
      ['penguins_jsonl', 'penguins.jsonl'],
      ['flights_arrow', vegaFile('flights-200k.arrow')],
      ['flights_parquet', vegaFile('flights-3m.parquet')]
    ];
    const nb = writeNotebook(dir, 'formats.ipynb', [
      code('register', files.map(([name, file]) => `%dataset register ${file} --name ${name}`).join('\n')),
      code(
        'load',
        [
          ...files.slice(0, 5).map(([name]) => `%dataset load ${name}`),
          `const shapes = { ${files
            .slice(0, 5)
            .map(([name]) => `${name}: ${name}.shape`)
            .join(', ')} };`,
          "console.log('shapes', JSON.stringify(shapes));",
          "console.log('first', JSON.stringify([weather_csv.column('temp_max').values[0], weather_tsv.column('weather').values[0], penguins_json.column('Species').values[0], penguins_jsonl.column('Beak Length (mm)').values[0], flights_arrow.column('delay').values[0]]));"
        ].join('\n')
      ),
      code(
        'slice',
        [
          '%dataset load flights_parquet as late --columns origin,delay --where "delay > 600 AND origin = \'ORD\'" --limit 50',
          "console.log('late', JSON.stringify({ columns: late.columns, rows: late.shape[0], delays: late.column('delay').values, origins: [...new Set(late.column('origin').values)] }));",
          "const few = await mlnb.catalog.load('penguins_json', { columns: ['Island'], limit: 3 });",
          "console.log('few', JSON.stringify({ columns: few.columns, values: few.column('Island').values }));"
        ].join('\n')
      ),
      code(
        'sql',
        [
          '%%sql --out counts',
          'SELECT (SELECT count(*) FROM weather_csv WHERE precipitation > 0) AS wet_csv,',
          "       (SELECT count(*) FROM weather_tsv WHERE weather = 'sun') AS sun_tsv,",
          "       (SELECT count(*) FROM penguins_json WHERE Species = 'Adelie') AS adelie_json,",
          '       (SELECT count(*) FROM penguins_jsonl WHERE "Body Mass (g)" > 4000) AS heavy_jsonl,',
          '       (SELECT count(*) FROM flights_arrow WHERE delay > 60) AS late_arrow,',
          '       (SELECT count(*) FROM flights_parquet) AS all_parquet'
        ].join('\n')
      ),
      code(
        'print',
        "console.log('counts', JSON.stringify(counts.columns.map(c => counts.column(c).values[0])));"
      ),
      code(
        'groupby',
        [
          '%%sql --out byOrigin',
          'SELECT origin, count(*) AS flights, avg(delay) AS delay FROM "flights_parquet@1" GROUP BY origin ORDER BY flights DESC LIMIT 3'
        ].join('\n')
      ),
      code('print-groupby', "console.log('late-ord', JSON.stringify(byOrigin.column('origin').values));"),
      code(
        'frame-join',
        [
          '%%sql --out joined',
          'SELECT w.weather, count(*) AS n FROM weather_csv AS c JOIN weather_tsv AS w ON c.date = w.date GROUP BY w.weather ORDER BY n DESC'
        ].join('\n')
      ),
      code('print-join', "console.log('joined', JSON.stringify(joined.column('n').values));")
    ]);
    const result = runCli(['run', nb, '-o', path.join(dir, 'out.ipynb')], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    cells = JSON.parse(fs.readFileSync(path.join(dir, 'out.ipynb'), 'utf8')).cells;
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every format loads as a DataFrame of all its rows and columns, values typed', () => {
    const rows = weather().length;
    expect(printed(cells[1], 'shapes')).toEqual({
      weather_csv: [rows, 6],
      weather_tsv: [rows, 6],
      penguins_json: [penguins().length, Object.keys(penguins()[0]).length],
      penguins_jsonl: [penguins().length, Object.keys(penguins()[0]).length],
      flights_arrow: [flights200k().numRows, flights200k().numCols]
    });
    expect(printed(cells[1], 'first')).toEqual([
      Number(weather()[0].temp_max),
      weather()[0].weather,
      penguins()[0].Species,
      penguins()[0]['Beak Length (mm)'],
      Number(flights200k().getChild('delay')!.get(0))
    ]);
  });

  test('a slice loads only the columns, rows and number asked for', () => {
    const late = printed(cells[2], 'late') as {
      columns: string[];
      rows: number;
      delays: number[];
      origins: string[];
    };
    expect(late.columns).toEqual(['origin', 'delay']);
    expect(late.rows).toBeGreaterThan(0);
    expect(late.rows).toBeLessThanOrEqual(50);
    expect(late.delays.every(d => d > 600)).toBe(true);
    expect(late.origins).toEqual(['ORD']);
    expect(printed(cells[2], 'few')).toEqual({
      columns: ['Island'],
      values: penguins()
        .slice(0, 3)
        .map(p => p.Island)
    });
  });

  test('%%sql reads every format where it lies and gives the counts the files hold', () => {
    const delays = flights200k().getChild('delay')!.toArray() as Int16Array;
    expect(printed(cells[4], 'counts')).toEqual([
      weather().filter(r => Number(r.precipitation) > 0).length,
      weather().filter(r => r.weather === 'sun').length,
      penguins().filter(p => p.Species === 'Adelie').length,
      penguins().filter(p => (p['Body Mass (g)'] as number) > 4000).length,
      delays.filter(d => d > 60).length,
      3_000_000
    ]);
    const table = cells[5].outputs.find(o => o.data?.['text/html'])!.data!['text/html'] as string;
    expect(table).toContain('<th>origin</th><th>flights</th><th>delay</th>');
    expect(table).toContain('3 rows.');
    const counted: Record<string, number> = {};
    for (const r of weather()) {
      counted[r.weather] = (counted[r.weather] ?? 0) + 1;
    }
    expect(printed(cells[8], 'joined')).toEqual(Object.values(counted).sort((a, b) => b - a));
  });

  test('the run records each dataset version it loaded or queried as an input', async () => {
    const [run] = await readRuns(env.MLNB_STORE!);
    const inputs = new Set(run.dataRefs.filter(r => r.role === 'input').map(r => r.dataset));
    expect([...inputs].sort()).toEqual(
      [
        'flights_arrow@1',
        'flights_parquet@1',
        'penguins_json@1',
        'penguins_jsonl@1',
        'weather_csv@1',
        'weather_tsv@1'
      ].sort()
    );
  });
});

/** Bad input: each refused with a message naming the file or the column; the catalog unchanged. */
describe('catalog formats: bad input', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const catalog = () => cli('datasets', 'search', '', '--json').stdout;

  beforeAll(() => {
    dir = tempDir();
    env = { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(dir, 'weather.csv'));
    expect(cli('datasets', 'register', 'weather.csv', '--name', 'weather').status).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a Parquet file cut short (no footer), an Arrow list column, a CSV header naming a column twice', () => {
    const parquet = fs.readFileSync(vegaFile('flights-3m.parquet'));
    fs.writeFileSync(path.join(dir, 'cut.parquet'), parquet.subarray(0, parquet.length - 100));
    const lists = new Table({
      id: vectorFromArray([1, 2], new Int32()),
      tags: vectorFromArray([[1], [2, 3]], new List(new Field('item', new Int32())))
    });
    fs.writeFileSync(path.join(dir, 'lists.arrow'), tableToIPC(lists, 'file'));
    fs.writeFileSync(path.join(dir, 'twice.csv'), 'a,b,a\n1,2,3\n');
    const before = catalog();
    const cases: [string, RegExp][] = [
      ['cut.parquet', /cut\.parquet is not a readable Parquet file: No magic bytes found at end of file/],
      ['lists.arrow', /lists\.arrow: column "tags" is of Arrow type List/],
      ['twice.csv', /twice\.csv: the header names column "a" twice \(columns 1 and 3\)/]
    ];
    for (const [file, message] of cases) {
      const result = cli('datasets', 'register', file, '--name', 'broken');
      expect(result.stderr).toMatch(message);
      expect(result.status).toBe(2);
    }
    expect(catalog()).toBe(before);
  });

  test('a query naming an unknown dataset or column, and a version whose file changed, are refused by name', () => {
    const nb = writeNotebook(dir, 'bad.ipynb', [
      code(
        'bad',
        [
          "const tryIt = async (what: string, f: () => Promise<unknown>) => { try { await f(); console.log(what, 'ok'); } catch (e) { console.log(what, JSON.stringify((e as Error).message)); } };",
          "await tryIt('dataset', () => mlnb.sql('SELECT * FROM nowhere'));",
          "await tryIt('column', () => mlnb.sql('SELECT rainfall FROM weather'));",
          "await tryIt('load-column', () => mlnb.catalog.load('weather', { columns: ['rainfall'] }));",
          "require('fs').appendFileSync('weather.csv', '2016-01-01,0,1,1,1,sun\\n');",
          "await tryIt('changed', () => mlnb.catalog.load('weather'));",
          "await tryIt('changed-sql', () => mlnb.sql('SELECT count(*) FROM weather'));"
        ].join('\n')
      )
    ]);
    const before = catalog();
    const result = runCli(['run', nb, '-o', path.join(dir, 'bad-out.ipynb')], { cwd: dir, env });
    expect(result.status).toBe(0);
    const [cell] = JSON.parse(fs.readFileSync(path.join(dir, 'bad-out.ipynb'), 'utf8')).cells as Cell[];
    expect(printed(cell, 'dataset')).toMatch(/"nowhere" is neither a table in scope nor a catalog dataset/);
    // DuckDB's words, which name the column and the closest ones there are.
    expect(printed(cell, 'column')).toMatch(
      /column "rainfall" not found in FROM clause! Candidate bindings: .*"precipitation"/
    );
    expect(printed(cell, 'load-column')).toMatch(
      /weather@1 has no column "rainfall"; its columns are date, /
    );
    expect(printed(cell, 'changed')).toMatch(/weather@1: .*weather\.csv changed since it was registered/);
    expect(printed(cell, 'changed-sql')).toMatch(/weather@1: .*weather\.csv changed since it was registered/);
    expect(catalog()).toBe(before);
  });

  test('a CSV with ragged rows loads its good rows, as its profile counted them', () => {
    fs.writeFileSync(path.join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n4,5\n6,7,8\n9,10\n');
    expect(cli('datasets', 'register', 'ragged.csv', '--name', 'ragged').status).toBe(0);
    const nb = writeNotebook(dir, 'ragged.ipynb', [
      code('load', "%dataset load ragged\nconsole.log('a', JSON.stringify(ragged.column('a').values));")
    ]);
    const result = runCli(['run', nb, '-o', path.join(dir, 'ragged-out.ipynb')], { cwd: dir, env });
    expect(result.stderr).toBe('');
    const [cell] = JSON.parse(fs.readFileSync(path.join(dir, 'ragged-out.ipynb'), 'utf8')).cells as Cell[];
    expect(printed(cell, 'a')).toEqual([1, 4, 9]);
  });
});

describe('catalog formats: in a live kernel', () => {
  test(
    'a Parquet dataset loads by %dataset load and answers %%sql over the Jupyter protocol',
    () =>
      withTempDir(dir => {
        const env = { MLNB_STORE: path.join(dir, '.mlnb', 'store.db') };
        const [register, load, query] = talkToKernel(
          [
            { type: 'execute', code: `%dataset register ${vegaFile('flights-3m.parquet')} --name flights` },
            {
              type: 'execute',
              code: "%dataset load flights as few --columns origin,distance --limit 4\nconsole.log('shape', JSON.stringify(few.shape));"
            },
            {
              type: 'execute',
              code: '%%sql\nSELECT count(*) AS flights, count(DISTINCT origin) AS origins FROM flights'
            }
          ],
          { cwd: dir, env }
        );
        expect(kernelText(register)).toContain('Registered flights@1: 3000000 rows, 5 columns.');
        expect(kernelText(load)).toContain('shape [4,2]');
        const table = query.outputs.find(o => o.content.data?.['text/html'])!.content.data[
          'text/html'
        ] as string;
        expect(table).toContain('<td>3000000</td>');
        expect(table).toMatch(/<td>\d{3}<\/td>/);
      }),
    240_000
  );
});
