import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PACKAGE_DIR, PYTHON } from './env';

export type KernelRequest =
  | { type: 'execute'; code: string; cellId?: string; silent?: boolean }
  | { type: 'complete'; code: string; cursor: number }
  | { type: 'kernel_info' };

export interface KernelResult {
  reply: Record<string, any>;
  outputs: { type: string; content: Record<string, any> }[];
}

/** The argv of the kernelspec that `mlnb kernel install` writes: node + the built kernel entry. */
export const KERNEL_ARGV = [
  process.execPath,
  path.join(PACKAGE_DIR, 'dist', 'kernel', 'main.js'),
  '{connection_file}'
];

/**
 * Starts a real mlnb kernel process, sends `requests` over the Jupyter protocol (through
 * jupyter_client), and returns each reply with the outputs it produced.
 */
export function talkToKernel(requests: KernelRequest[], options: KernelClientOptions): KernelResult[] {
  return JSON.parse(runKernelClient(requests, options, []));
}

/**
 * Like talkToKernel, but the client then exits without shutting the kernel down, as a killed
 * Jupyter server would; returns the replies and the pid of the kernel left behind.
 */
export function abandonKernel(
  requests: KernelRequest[],
  options: KernelClientOptions
): { results: KernelResult[]; kernelPid: number } {
  const { results, kernel_pid } = JSON.parse(runKernelClient(requests, options, ['--abandon']));
  return { results, kernelPid: kernel_pid };
}

interface KernelClientOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The kernel's argv (default: the TypeScript kernel's, KERNEL_ARGV). */
  argv?: string[];
}

function runKernelClient(requests: KernelRequest[], options: KernelClientOptions, flags: string[]): string {
  const result = spawnSync(
    PYTHON,
    [
      path.join(__dirname, 'kernel_client.py'),
      JSON.stringify(options.argv ?? KERNEL_ARGV),
      JSON.stringify(requests),
      ...flags
    ],
    { cwd: options.cwd, env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: 120_000 }
  );
  if (result.status !== 0) {
    throw new Error(`kernel client failed (${result.status}):\n${result.stderr}`);
  }
  return result.stdout;
}

/** All text a cell wrote: streams, results and error values, joined. */
export function textOf(result: KernelResult): string {
  return result.outputs
    .map(o => o.content.text ?? o.content.data?.['text/plain'] ?? `${o.content.ename}: ${o.content.evalue}`)
    .join('');
}
