import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestStore, ENGINES, TestStore } from './helpers/engines';
import { expectUsageError, runCli, tempDir } from './helpers/env';
import { expectValidDataset, vegaFile } from './helpers/datasets';

/** The catalog through the real `mlnb datasets` CLI on a real store of each engine. */
describe.each(ENGINES)('mlnb datasets (%s)', engine => {
  let dir: string;
  let made: TestStore;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const json = (...args: string[]) => {
    const result = cli(...args, '--json');
    // stderr holds only progress lines (a warning or an error would show here).
    expect(result.stderr.split('\n').filter(line => line && !line.startsWith('profiling '))).toEqual([]);
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout);
  };

  beforeAll(async () => {
    dir = tempDir();
    made = await createTestStore(engine, dir);
    env = { MLNB_STORE: made.target };
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(dir, 'weather.csv'));
    fs.copyFileSync(vegaFile('birdstrikes.csv'), path.join(dir, 'birds.csv'));
  });
  afterAll(async () => {
    await made.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('register profiles the file and stores version 1, valid against dataset.schema.json', () => {
    const record = json(
      'datasets',
      'register',
      'weather.csv',
      '--name',
      'seattle-weather',
      '--description',
      'Daily **weather** in Seattle, 2012-2015',
      '--tag',
      'weather',
      '--tag',
      'demo'
    );
    expectValidDataset(record);
    const lines = fs.readFileSync(path.join(dir, 'weather.csv'), 'utf8').trim().split('\n');
    expect(record).toMatchObject({
      name: 'seattle-weather',
      version: 1,
      format: 'csv',
      rows: lines.length - 1
    });
    expect(record.schema.map((c: { name: string }) => c.name)).toEqual(lines[0].split(','));
    expect(record.annotations.tags).toEqual(['demo', 'weather']);
    expect(record.location).toBe(path.join(dir, 'weather.csv'));
  });

  test('the same content again is the same version; changed content is a new version', () => {
    const again = cli('datasets', 'register', 'weather.csv', '--name', 'seattle-weather');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('seattle-weather@1 already holds this content');
    // Hashed first: known content is not profiled again (no progress lines).
    expect(again.stderr).toBe('');

    // Version 2: every maximum temperature 10 degrees warmer.
    const [header, ...rows] = fs.readFileSync(path.join(dir, 'weather.csv'), 'utf8').trim().split('\n');
    const tempMax = header.split(',').indexOf('temp_max');
    const warmer = rows.map(row => {
      const cells = row.split(',');
      cells[tempMax] = String(Number(cells[tempMax]) + 10);
      return cells.join(',');
    });
    fs.writeFileSync(path.join(dir, 'weather-2.csv'), [header, ...warmer].join('\n') + '\n');
    const second = json('datasets', 'register', 'weather-2.csv', '--name', 'seattle-weather');
    expect(second.version).toBe(2);
    expect(second.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(second.annotations.description).toBe('Daily **weather** in Seattle, 2012-2015');
  });

  test('diff names the drifted column: PSI and mean shift for temp_max, none for the others', () => {
    const diff = json('datasets', 'diff', 'seattle-weather@1', '2');
    const byColumn = Object.fromEntries(diff.columns.map((c: { column: string }) => [c.column, c]));
    expect(byColumn.temp_max.drifted).toBe(true);
    expect(byColumn.temp_max.psi).toBeGreaterThan(0.25);
    const stats = json('datasets', 'show', 'seattle-weather@1').statistics.temp_max;
    expect(byColumn.temp_max.meanShiftStd).toBeCloseTo(10 / stats.std, 2);
    expect(byColumn.temp_min.drifted).toBe(false);
    expect(byColumn.temp_min.psi).toBeCloseTo(0, 6);
    expect(diff.maxPsi).toBe(byColumn.temp_max.psi);
  });

  test('search ranks a name match above a description match, finds column names and word prefixes', () => {
    json(
      'datasets',
      'register',
      'birds.csv',
      '--name',
      'birdstrikes',
      '--description',
      'FAA wildlife strikes; weather conditions per flight'
    );
    expect(json('datasets', 'search', 'weather').map((h: { name: string }) => h.name)).toEqual([
      'seattle-weather',
      'birdstrikes'
    ]);
    expect(json('datasets', 'search', 'precipitation').map((h: { name: string }) => h.name)).toEqual([
      'seattle-weather'
    ]);
    expect(json('datasets', 'search', 'wildl').map((h: { name: string }) => h.name)).toEqual(['birdstrikes']);
    expect(json('datasets', 'search', '', '--tag', 'demo').map((h: { name: string }) => h.name)).toEqual([
      'seattle-weather'
    ]);
    const snippet = json('datasets', 'search', 'wildlife')[0].snippet;
    expect(snippet).toContain('«wildlife»');
    // FTS5 syntax in the query is taken as words, not operators.
    expect(cli('datasets', 'search', 'weather" OR name:*').status).toBe(0);
  });

  test('annotate edits tags and owner and adds dated notes, which search finds', () => {
    const result = cli(
      'datasets',
      'annotate',
      'birdstrikes',
      '--tag',
      'aviation',
      '--owner',
      'ops-team',
      '--note',
      'Checked against the FAA export of March'
    );
    expect(result.status).toBe(0);
    const record = json('datasets', 'show', 'birdstrikes');
    expect(record.annotations).toMatchObject({ owner: 'ops-team', tags: ['aviation'] });
    expect(record.annotations.notes[0].text).toBe('Checked against the FAA export of March');
    expect(json('datasets', 'search', 'march').map((h: { name: string }) => h.name)).toEqual(['birdstrikes']);
    expect(
      json('datasets', 'search', '', '--owner', 'ops-team').map((h: { name: string }) => h.name)
    ).toEqual(['birdstrikes']);
  });

  test.each([
    [['show', 'seattle-weather@9'], '"seattle-weather" has no version 9; its versions are 1, 2'],
    [['show', 'no-such-data'], 'No dataset named "no-such-data"'],
    [['register', 'missing.csv', '--name', 'x'], 'missing.csv'],
    [['register', 'weather.csv', '--name', 'bad name!'], 'is not a dataset reference'],
    [['register', 'weather.csv', '--name', 'x@2'], 'without a version'],
    [['diff', 'seattle-weather'], 'Say which version']
  ])('mlnb datasets %j fails with exit code 2 and says why', (args, message) => {
    const result = cli('datasets', ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('an empty file and an unknown format are refused, and the catalog is unchanged', () => {
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    fs.writeFileSync(path.join(dir, 'data.xyz'), 'a,b\n1,2\n');
    const before = json('datasets', 'search', '');
    for (const file of ['empty.csv', 'data.xyz']) {
      expectUsageError(cli('datasets', 'register', file, '--name', 'broken'), /empty|format/i);
    }
    expect(json('datasets', 'search', '')).toEqual(before);
  });
});
