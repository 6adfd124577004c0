import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningService, startService } from '../../src/server/serve';
import { createTestStore, Engine, TestStore } from './engines';
import { startCliServer, tempDir } from './env';
import { requestService, ServiceResponse } from './http';

/** A real service started for one suite, and how to reach it. */
export interface SuiteService {
  /** The Jupyter root: a folder in a fresh temporary one. */
  readonly root: string;
  /** The root's parent, outside the workspace: for files a request must not reach. */
  readonly outside: string;
  /** The unix socket the service listens on, in the root. */
  readonly socket: string;
  /** What MLNB_STORE names. */
  readonly target: string;
  readonly service: RunningService;
  /** One request over the socket, as jupyter-server-proxy sends it. */
  call(method: string, url: string, body?: unknown): Promise<ServiceResponse>;
}

/**
 * A real service for the enclosing suite (beforeAll/afterAll), over a fresh `engine` store in
 * <root>/.mlnb that it finds through MLNB_STORE as in production. `prepare` writes what the
 * service should find at start (given the root and the store's MLNB_STORE target).
 */
export function serviceForSuite(
  engine: Engine,
  prepare: (root: string, target: string) => void | Promise<void> = () => undefined
): SuiteService {
  const state = {} as { outside: string; made: TestStore; service: RunningService };
  const root = () => path.join(state.outside, 'root');
  const socket = () => path.join(root(), 'mlnb.sock');
  beforeAll(async () => {
    state.outside = tempDir();
    fs.mkdirSync(root());
    state.made = await createTestStore(engine, path.join(root(), '.mlnb'));
    process.env.MLNB_STORE = state.made.target;
    await prepare(root(), state.made.target);
    state.service = await startService({ socket: socket() }, root());
  });
  afterAll(async () => {
    await state.service.close();
    delete process.env.MLNB_STORE;
    await state.made.drop();
    fs.rmSync(state.outside, { recursive: true, force: true });
  });
  return {
    get root() {
      return root();
    },
    get outside() {
      return state.outside;
    },
    get socket() {
      return socket();
    },
    get target() {
      return state.made.target;
    },
    get service() {
      return state.service;
    },
    call: (method, url, body) => requestService(socket(), method, url, body)
  };
}

/**
 * A serving `mlnb` command (`serve`, `models serve`) as a child process for the enclosing suite,
 * started in a fresh temporary folder with what `command` gives for it; killed, and the folder
 * removed, after the suite. `address` is where it says it serves (a URL, or its socket's path).
 */
export function cliServerForSuite(command: (dir: string) => { args: string[]; env: NodeJS.ProcessEnv }): {
  readonly dir: string;
  readonly address: string;
} {
  // Filled in by beforeAll; the suite reads dir and address.
  const state = {} as { dir: string; child: ChildProcess; address: string };
  beforeAll(async () => {
    state.dir = tempDir();
    const { args, env } = command(state.dir);
    ({ child: state.child, address: state.address } = await startCliServer(args, { cwd: state.dir, env }));
  });
  afterAll(() => {
    state.child?.kill('SIGTERM');
    fs.rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}
