import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { MLNB_BIN } from './env';
import { sendRequest, type ServiceResponse } from './http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request to a model server: a string body is sent as it is, anything else as JSON. */
export function postJson(
  base: string,
  route: string,
  body: unknown,
  token: string,
  method = 'POST'
): Promise<ServiceResponse> {
  return sendRequest(
    {
      url: new URL(route, base),
      method,
      agent,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}) }
    },
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  );
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
