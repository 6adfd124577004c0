import { runCli, tempDir } from './helpers/env';
import * as fs from 'node:fs';

describe("mlnb: bad usage exits 2 with commander's message; help and version exit 0", () => {
  let dir: string;
  beforeAll(() => (dir = tempDir()));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each([
    [['jobs', 'list', '--colour'], "error: unknown option '--colour'"],
    [['jobs', 'show'], "error: missing required argument 'job'"],
    [['jobs', 'create', 'x.ipynb'], "error: required option '--name <name>' not specified"],
    [
      ['jobs', 'create', 'x.ipynb', '--name', 'x', '--concurrency', 'sometimes'],
      "error: option '--concurrency <policy>' argument 'sometimes' is invalid. Allowed choices are forbid, allow, replace."
    ],
    [['serve', '--port', 'eighty'], 'a port is a whole number from 0 to 65535.'],
    [['jobs', 'nonsense'], "error: unknown command 'nonsense'"]
  ])('%j exits 2', (args, message) => {
    const result = runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]); // refused before any store was opened
  });

  test.each([[['--help']], [['jobs', 'deploy', '--help']], [['--version']]])('%j exits 0', args => {
    const result = runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toBe('');
    expect(result.status).toBe(0);
  });
});
