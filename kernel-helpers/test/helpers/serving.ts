import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { MLNB_BIN } from './env';

export interface Answer {
  status: number;
  body: any;
  raw: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request to a model server: a string body is sent as it is, anything else as JSON. */
export function postJson(
  base: string,
  route: string,
  body: unknown,
  token: string,
  method = 'POST'
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      new URL(route, base),
      {
        method,
        agent,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}) }
      },
      res => {
        let raw = '';
        res.on('data', chunk => (raw += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            raw,
            body: res.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw
          })
        );
      }
    );
    // A refused large body closes the connection before it is all sent: the answer still came.
    req.on('error', reject);
    req.end(text);
  });
}

/** The CLI in a child process without blocking this one (a server here can answer it). */
export function runCliAsync(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [MLNB_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** `mlnb models serve …` as a process, once it says where it serves. */
export function startCliServer(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(process.execPath, [MLNB_BIN, 'models', 'serve', ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env }
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', chunk => (output += chunk));
    child.stdout.on('data', chunk => {
      output += chunk;
      const match = / on (http:\/\/\S+)/.exec(output);
      if (match) {
        resolve({ child, address: match[1], output: () => output });
      }
    });
    child.on('exit', code => reject(new Error(`mlnb models serve exited (${code}): ${output}`)));
  });
}

/** A real local webhook receiver: every JSON body POSTed to it. */
export interface Receiver {
  url: string;
  bodies: any[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const bodies: any[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.end('ok');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise(resolve => server.close(() => resolve()))
  };
}
