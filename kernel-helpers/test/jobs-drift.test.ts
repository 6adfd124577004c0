import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectDir, runCli } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { vegaFile } from './helpers/datasets';

/**
 * A job's data gate against the real catalog: the notebook loads a dataset version, and
 * `drift(name, ref) <= threshold` compares it with a reference version by the catalog's PSI.
 */
describe('data gates of jobs use the catalog', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
  const GATE = 'drift(weather, 1) <= 0.25';
  /** Creates the job `name` over score.ipynb, gated by GATE, and runs it now. */
  const createAndRun = (name: string, ...options: string[]) => {
    const created = cli('jobs', 'create', 'score.ipynb', '--name', name, ...options, '--gate', GATE);
    expect(created.status).toBe(0);
    return cli('jobs', 'run', name);
  };

  beforeAll(() => {
    dir = projectDir();
    const csv = fs.readFileSync(vegaFile('seattle-weather.csv'), 'utf8').trim();
    fs.writeFileSync(path.join(dir, 'v1.csv'), csv + '\n');
    // Version 2: the same days with every maximum temperature 15 degrees higher.
    const [header, ...rows] = csv.split('\n');
    const column = header.split(',').indexOf('temp_max');
    const warmer = rows.map(row =>
      row
        .split(',')
        .map((cell, i) => (i === column ? String(Number(cell) + 15) : cell))
        .join(',')
    );
    fs.writeFileSync(path.join(dir, 'v2.csv'), [header, ...warmer].join('\n') + '\n');
    expect(cli('datasets', 'register', 'v1.csv', '--name', 'weather').status).toBe(0);
    expect(cli('datasets', 'register', 'v2.csv', '--name', 'weather').status).toBe(0);
    writeNotebook(dir, 'score.ipynb', [
      code('params', "const version = '1';", ['parameters']),
      code(
        'load',
        'const df = await mlnb.catalog.load(`weather@${version}`);\nmlnb.log({ rows: df.shape[0] });'
      )
    ]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the same version as the reference passes (PSI 0)', () => {
    const ran = createAndRun('same');
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
  });

  test('a drifted version fails the attempt with the observed PSI', () => {
    const ran = createAndRun('drifted', '-p', 'version=2');
    expect(ran.status).toBe(1);
    const psi = JSON.parse(cli('datasets', 'diff', 'weather@1', '2', '--json').stdout).maxPsi;
    expect(psi).toBeGreaterThan(0.25);
    expect(ran.stderr).toContain(`gate "${GATE}" failed: observed ${Number(psi.toPrecision(4))}`);
  });
});
