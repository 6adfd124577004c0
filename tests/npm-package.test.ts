import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeThreeSteps } from '../kernel-helpers/test/helpers/pipelines';

const ROOT = path.resolve(__dirname, '..');

/**
 * The npm package `mlnb` as `npm pack` makes it, unpacked where no checkout is around it (so no
 * schemas/ folder is reachable), its dependencies the workspace's (NODE_PATH). What needs a file at run time
 * must be in the package. It packs the built dist/: `npm run build -w mlnb` first.
 */
describe('the npm package (npm pack)', () => {
  let dir: string;
  let bin: string;
  let workspace: string;
  const mlnb = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: workspace,
      // The package's own dependencies first (its ajv is newer than the workspace's), as npm installs them.
      env: {
        ...process.env,
        MLNB_STORE: '',
        NODE_PATH: [path.join(ROOT, 'kernel-helpers', 'node_modules'), path.join(ROOT, 'node_modules')].join(
          path.delimiter
        )
      },
      encoding: 'utf8',
      timeout: 120_000
    });

  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-npm-')));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: path.join(ROOT, 'kernel-helpers'),
        encoding: 'utf8'
      })
    ) as { filename: string }[];
    execFileSync('tar', ['-xzf', path.join(dir, packed.filename), '-C', dir]);
    bin = path.join(dir, 'package', 'bin', 'mlnb.js');
    workspace = path.join(dir, 'work');
    fs.mkdirSync(path.join(workspace, '.mlnb'), { recursive: true });
    writeThreeSteps(workspace);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('ships no schemas/ folder, yet `pipelines create --file` checks a pipeline file against the schema', () => {
    expect(fs.existsSync(path.join(dir, 'package', 'schemas'))).toBe(false);
    fs.writeFileSync(
      path.join(workspace, 'typo.pipeline.yaml'),
      'name: nightly\nsteps:\n  - notebok: ingest.ipynb\n'
    );
    const refused = mlnb('pipelines', 'create', '--file', 'typo.pipeline.yaml');
    expect(refused.stderr).toMatch(
      /typo\.pipeline\.yaml is not a pipeline definition: \/steps\/0 must have required property 'notebook'/
    );
    expect(refused.status).toBe(2);

    fs.writeFileSync(
      path.join(workspace, 'nightly.pipeline.yaml'),
      'name: nightly\nsteps:\n  - notebook: ingest.ipynb\n  - notebook: features.ipynb\n'
    );
    const created = mlnb('pipelines', 'create', '--file', 'nightly.pipeline.yaml', '--json');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout).steps.map((s: { name: string }) => s.name)).toEqual([
      'ingest',
      'features'
    ]);
  });
});
