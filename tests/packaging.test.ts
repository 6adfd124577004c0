import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const PYTHON = process.env.MLNB_PYTHON ?? path.join(ROOT, '.venv', 'bin', 'python');
const DATA = 'mlnb-0.1.0.data/data';

function run(command: string, args: string[], cwd = ROOT, env = process.env): string {
  return execFileSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000
  });
}

/** Reads one member of a zip (a wheel) with Python's zipfile: no zip library needed here. */
function readMember(wheel: string, member: string): string {
  return run(PYTHON, [
    '-c',
    'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())',
    wheel,
    member
  ]);
}

describe('the Python package (pip wheel .)', () => {
  let dir: string;
  let wheel: string;
  let members: string[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlnb-wheel-'));
    // The venv has the build backend; isolation would download JupyterLab again for nothing.
    run(PYTHON, ['-m', 'pip', 'wheel', '.', '--no-build-isolation', '--no-deps', '-q', '-w', dir]);
    wheel = path.join(
      dir,
      fs.readdirSync(dir).find(f => f.endsWith('.whl'))!
    );
    members = run(PYTHON, [
      '-c',
      'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))',
      wheel
    ]).split('\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('ships the prebuilt lab extension with its settings schema', () => {
    const ext = `${DATA}/share/jupyter/labextensions/mlnb-extension`;
    const meta = JSON.parse(readMember(wheel, `${ext}/package.json`));
    expect(meta.name).toBe('mlnb-extension');
    expect(members).toContain(`${ext}/${meta.jupyterlab._build.load}`);
    expect(members).toContain(`${ext}/schemas/mlnb-extension/connection.json`);
    expect(members).toContain(`${ext}/install.json`);
  });

  test('tells jupyter-server-proxy how to start mlnb serve, through its entry point', () => {
    const entryPoints = readMember(wheel, 'mlnb-0.1.0.dist-info/entry_points.txt');
    expect(entryPoints).toMatch(/\[jupyter_serverproxy_servers\]\s+mlnb = mlnb_lab:setup_mlnb_service/);
  });

  /** A fresh venv with the wheel installed (made once). */
  const installedVenv = () => {
    const venv = path.join(dir, 'venv');
    if (!fs.existsSync(venv)) {
      run(PYTHON, ['-m', 'venv', venv]);
      run(path.join(venv, 'bin', 'pip'), ['install', '-q', wheel]);
    }
    return venv;
  };

  test('installed into a fresh venv, JupyterLab lists the extension as enabled and OK', () => {
    const venv = installedVenv();
    // `jupyter labextension list` writes its listing to stderr.
    const listed = spawnSync(path.join(venv, 'bin', 'jupyter'), ['labextension', 'list'], {
      cwd: dir,
      encoding: 'utf8'
    });
    // eslint-disable-next-line no-control-regex -- strip the terminal colour codes
    const listing = (listed.stdout + listed.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    expect(listing).toMatch(/mlnb-extension v0\.1\.0 enabled\s+OK/);

    // What jupyter-server-proxy gets: `mlnb serve` on a unix socket, no launcher icon; the
    // command is built at start, with the Jupyter root that notebook paths are relative to.
    const probe = (startServer: boolean) =>
      'import json, sys; from importlib.metadata import entry_points; ' +
      (startServer
        ? 'from jupyter_server.serverapp import ServerApp; ServerApp.instance(root_dir=sys.argv[1]); '
        : '') +
      'ep, = entry_points(group="jupyter_serverproxy_servers", name="mlnb"); c = ep.load()(); ' +
      'c["command"] = c["command"](unix_socket="/tmp/mlnb.sock"); print(json.dumps(c))';
    const python = path.join(venv, 'bin', 'python');
    const server = JSON.parse(run(python, ['-c', probe(false)], dir));
    // --exit-with-parent: the service must not outlive a Jupyter server that was killed.
    expect(server.command.slice(-4)).toEqual(['serve', '--socket', '/tmp/mlnb.sock', '--exit-with-parent']);
    expect(server.unix_socket).toBe(true);
    expect(server.launcher_entry.enabled).toBe(false);
    const root = fs.mkdtempSync(path.join(dir, 'root-'));
    const inServer = JSON.parse(run(python, ['-c', probe(true), root], dir));
    expect(inServer.command.slice(-6)).toEqual([
      'serve',
      '--socket',
      '/tmp/mlnb.sock',
      '--exit-with-parent',
      '--root',
      root
    ]);
  });

  test('with npm install -g of the packed mlnb, both kernels run notebooks: no repository, no kernel install', () => {
    const venv = installedVenv();
    // The README's two commands: the wheel (above) and the npm package, here into its own prefix.
    const pack = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir, '-w', 'mlnb']));
    const tarball = path.join(dir, pack[0].filename);
    const npmPrefix = path.join(dir, 'npm-global');
    run(
      'npm',
      ['install', '-g', '--prefix', npmPrefix, '--no-audit', '--no-fund', '--prefer-offline', tarball],
      dir
    );
    // Nothing of the repository on PATH (npm scripts put its node_modules/.bin there).
    const env = {
      ...process.env,
      PATH: [
        path.join(npmPrefix, 'bin'),
        path.join(venv, 'bin'),
        path.dirname(process.execPath),
        '/usr/bin',
        '/bin'
      ].join(path.delimiter),
      MLNB_STORE: path.join(dir, 'store.db')
    };
    const specs = JSON.parse(
      run(path.join(venv, 'bin', 'jupyter'), ['kernelspec', 'list', '--json'], dir, env)
    ).kernelspecs;
    expect(specs['mlnb'].spec.display_name).toBe('TypeScript (mlnb)');
    expect(specs['mlnb-js'].spec.display_name).toBe('JavaScript (mlnb)');
    expect(specs['mlnb'].resource_dir).toBe(path.join(venv, 'share', 'jupyter', 'kernels', 'mlnb'));

    for (const [kernel, source] of [
      ['mlnb', 'const answer: number = 6 * 7;\nmlnb.log({ answer });\nconsole.log(answer);'],
      ['mlnb-js', 'const answer = 6 * 7;\nmlnb.log({ answer });\nconsole.log(answer);']
    ]) {
      const notebook = path.join(dir, `${kernel}.ipynb`);
      fs.writeFileSync(
        notebook,
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: { kernelspec: { name: kernel, display_name: kernel } },
          cells: [{ cell_type: 'code', id: 'a', metadata: {}, execution_count: null, outputs: [], source }]
        })
      );
      // nbclient opens the notebook on its kernel, as JupyterLab does.
      run(
        path.join(venv, 'bin', 'jupyter'),
        ['nbconvert', '--to', 'notebook', '--execute', '--inplace', notebook],
        dir,
        env
      );
      const executed = JSON.parse(fs.readFileSync(notebook, 'utf8'));
      // nbformat writes multi-line strings as lists of lines.
      const outputs = executed.cells[0].outputs.map((o: { text: string | string[] }) => ({
        ...o,
        text: ([] as string[]).concat(o.text).join('')
      }));
      expect(outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '42\n' }]);
    }
    // Both runs were recorded by the installed mlnb.
    const runs = JSON.parse(run(path.join(npmPrefix, 'bin', 'mlnb'), ['runs', 'list', '--json'], dir, env));
    expect(runs.map((r: { source: string }) => r.source)).toEqual(['interactive', 'interactive']);
  });
});
