import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { isProcessAlive } from '../src/store/engine/liveness';
import { MLNB_BIN, runCli, waitFor, withTempDir } from './helpers/env';
import { expectErrorAnswer, sendRequest } from './helpers/http';
import { code, writeNotebook } from './helpers/notebooks';
import { expectFollowsSchema } from './helpers/schemas';
import { cliServerForSuite } from './helpers/service';

/** GET `urlPath` from a service at its unix socket, or at a port of 127.0.0.1. */
const get = (
  target: { socketPath: string } | { port: number },
  urlPath: string,
  headers: http.OutgoingHttpHeaders = {}
) => sendRequest({ ...target, host: '127.0.0.1', path: urlPath, headers });

describe('mlnb serve on a unix socket (behind jupyter-server-proxy)', () => {
  // As the proxy starts it: in the Jupyter root, no MLNB_STORE (the store is located there).
  const server = cliServerForSuite(dir => ({
    args: ['serve', '--socket', path.join(dir, 'mlnb.sock')],
    env: { MLNB_STORE: '' }
  }));

  test('answers health with its version and the store it created at the Jupyter root', async () => {
    const answer = await get({ socketPath: server.address }, '/api/health');
    expect(answer.status).toBe(200);
    expectFollowsSchema('health', answer.body);
    expect(answer.body.store.location).toBe(path.join(server.dir, '.mlnb', 'store.db'));
  });

  test('the socket is reachable by its owner only', () => {
    expect(fs.statSync(server.address).mode & 0o077).toBe(0);
  });

  test('an unknown endpoint is a JSON 404 naming it', async () => {
    const answer = await get({ socketPath: server.address }, '/api/nothing');
    expect([answer.status, answer.body]).toEqual([404, { error: 'No such endpoint: GET /api/nothing' }]);
  });
});

describe('mlnb serve --port (standalone)', () => {
  const server = cliServerForSuite(() => ({
    args: ['serve', '--port', '0'],
    env: { MLNB_TOKEN: 'correct-horse' }
  }));
  const port = () => Number(new URL(server.address).port);

  test('serves http on 127.0.0.1 at the port the OS gave', () => {
    expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('refuses a request without a token', async () => {
    const answer = await get({ port: port() }, '/api/health');
    expectErrorAnswer(answer, 401, 'Authorization: token');
  });

  test('refuses a wrong token', async () => {
    expect(
      (await get({ port: port() }, '/api/health', { authorization: 'token correct-horsE' })).status
    ).toBe(401);
    expect(
      (await get({ port: port() }, '/api/health', { authorization: 'Bearer correct-horse' })).status
    ).toBe(401);
  });

  test('answers with the token from MLNB_TOKEN', async () => {
    const answer = await get({ port: port() }, '/api/health', { authorization: 'token correct-horse' });
    expect(answer.status).toBe(200);
    expectFollowsSchema('health', answer.body);
  });
});

describe('mlnb serve --root (the Jupyter root, which jupyter-server-proxy passes)', () => {
  const server = cliServerForSuite(dir => {
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'nb'), { recursive: true });
    writeNotebook(path.join(root, 'nb'), 'train.ipynb', [code('p', 'const epochs = 3;', ['parameters'])]);
    // Started elsewhere, as the proxy starts it in the Jupyter server's working folder.
    return {
      args: ['serve', '--socket', path.join(dir, 'mlnb.sock'), '--root', root],
      env: { MLNB_STORE: path.join(dir, 'store', 'store.db') }
    };
  });

  test('reads notebook paths relative to the root, not its working folder', async () => {
    const answer = await get(
      { socketPath: server.address },
      '/api/notebook-parameters?path=nb%2Ftrain.ipynb'
    );
    expect(answer.status).toBe(200);
    expect(answer.body.parameters).toEqual([
      { name: 'epochs', type: 'number', default: 3, from: 'parameters-cell' }
    ]);
  });
});

describe('mlnb serve --exit-with-parent (as jupyter-server-proxy starts it)', () => {
  test('stops when the process that started it dies', () =>
    withTempDir(async dir => {
      // A stand-in for the Jupyter server: starts the service in its own session (so that its
      // death signals nothing), says the service's pid once it answers, and is then killed.
      const launcher = `
        const { spawn } = require('node:child_process');
        const child = spawn(process.execPath, [${JSON.stringify(MLNB_BIN)}, 'serve', '--port', '0',
          '--token', 't', '--exit-with-parent'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
        child.stdout.on('data', chunk => {
          if (String(chunk).includes('serving on')) console.log(child.pid);
        });`;
      const parent = spawn(process.execPath, ['-e', launcher], {
        cwd: dir,
        env: { ...process.env, MLNB_STORE: path.join(dir, 'store.db') },
        stdio: ['ignore', 'pipe', 'inherit']
      });
      const servicePid = await new Promise<number>(resolve =>
        parent.stdout.once('data', chunk => resolve(Number(String(chunk).trim())))
      );
      expect(isProcessAlive(servicePid)).toBe(true);
      parent.kill('SIGKILL');
      await waitFor(() => !isProcessAlive(servicePid), 10_000, 'the orphaned service to exit');
    }));
});

describe('mlnb serve, misused', () => {
  test('without --socket or --port it says what it needs and exits 1', () => {
    const result = runCli(['serve']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('mlnb serve needs --socket PATH or --port PORT.');
  });

  test('a port that is not a number is refused by name', () => {
    const result = runCli(['serve', '--port', 'eighty']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('a port is a whole number from 0 to 65535');
  });
});
