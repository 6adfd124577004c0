import * as fs from 'node:fs';
import * as path from 'node:path';
import { JupyterHandlerImpl } from 'tslab/dist/jupyter';
import { useRecorder } from '../api';
import type { DisplaySink } from '../display';
import { RunRecorder } from '../capture/recorder';
import { BUILTIN_MAGICS } from '../magics/builtin';
import { onParentExit } from '../parent-watch';
import { MLNB_VERSION } from '../version';
import { LazyConverters, MlnbExecutor } from './executor';
import { MLNB_KERNELS, MlnbKernel } from './kernels';
import { ParametersCellWatcher } from './parameters-cell';
import { StreamBuffer } from './stream-buffer';
import { MlnbZmqServer } from './zmq-server';

type ExecuteArgs = Parameters<JupyterHandlerImpl['handleExecute']>;

/** tslab's Jupyter handler, announcing itself as the mlnb kernel. */
export class MlnbJupyterHandler extends JupyterHandlerImpl {
  constructor(
    executor: MlnbExecutor,
    private readonly kernel: MlnbKernel
  ) {
    super(executor, kernel.language === 'javascript');
  }

  handleKernel(): ReturnType<JupyterHandlerImpl['handleKernel']> {
    const reply = super.handleKernel();
    const language = this.kernel.language === 'javascript' ? 'JavaScript' : 'TypeScript';
    return {
      ...reply,
      implementation: 'mlnb',
      implementation_version: MLNB_VERSION,
      banner: `${language} (mlnb ${MLNB_VERSION})`
    };
  }

  async handleExecute(
    request: ExecuteArgs[0],
    writeStream: ExecuteArgs[1],
    writeDisplayData: ExecuteArgs[2],
    clearOutput?: (wait: boolean) => void
  ): ReturnType<JupyterHandlerImpl['handleExecute']> {
    const printed = new StreamBuffer(writeStream);
    const display: typeof writeDisplayData & Pick<DisplaySink, 'clearOutput'> = (data, update) => {
      printed.flush();
      writeDisplayData(data, update);
    };
    // tslab installs `display` as the running cell's sink: clearing goes with it (mlnb.clearOutput).
    display.clearOutput = wait => {
      printed.flush();
      clearOutput?.(wait);
    };
    try {
      return await super.handleExecute(request, printed.write, display);
    } finally {
      printed.flush(); // Before the reply: the cell's text belongs before its "idle".
    }
  }
}

/**
 * The notebook this kernel serves: Jupyter passes its path in JPY_SESSION_NAME (absolute, or
 * relative to the server root); the kernel runs in the notebook's folder.
 */
export function notebookPath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  const session = env.JPY_SESSION_NAME;
  if (!session) {
    return null;
  }
  if (path.isAbsolute(session) && fs.existsSync(session)) {
    return session;
  }
  return path.join(cwd, path.basename(session));
}

/** Starts an mlnb kernel ("TypeScript (mlnb)" unless told) on the given Jupyter connection file. */
export async function startKernel(
  connectionFile: string,
  kernel: MlnbKernel = MLNB_KERNELS[0]
): Promise<void> {
  const notebook = notebookPath();
  const recorder = new RunRecorder({ cwd: process.cwd(), source: 'interactive', notebookPath: notebook });
  recorder.prepare();
  useRecorder(recorder);
  const executor = await MlnbExecutor.create({
    rootDir: process.cwd(),
    magics: BUILTIN_MAGICS,
    recorder,
    converters: new LazyConverters(kernel.language === 'javascript'),
    parametersCell: new ParametersCellWatcher(notebook)
  });
  const server = new MlnbZmqServer(
    new MlnbJupyterHandler(executor, kernel),
    connectionFile,
    executor,
    recorder
  );
  // Ctrl-C in Jupyter ("interrupt") arrives as SIGINT; stop the cell, not the kernel.
  process.on('SIGINT', () => executor.interrupt());
  const stop = (code: number) => () => void recorder.finish('killed').finally(() => process.exit(code));
  process.once('SIGTERM', stop(143));
  // Jupyter died without shutting this kernel down.
  onParentExit(stop(129), Number(process.env.JPY_PARENT_PID) || undefined);
  // User code may throw asynchronously after its cell finished; report it, keep the kernel.
  process.on('uncaughtException', err => console.error('Uncaught exception:', err));
  process.on('unhandledRejection', reason => console.error('Unhandled promise rejection:', reason));
  server.init();
}

if (require.main === module) {
  // kernel.json passes `--kernel NAME` for kernels other than "mlnb".
  const [connectionFile, flag, name] = process.argv.slice(2);
  const kernel = flag === '--kernel' ? MLNB_KERNELS.find(k => k.name === name) : MLNB_KERNELS[0];
  if (!connectionFile || !kernel) {
    console.error(
      'usage: node kernel/main.js CONNECTION_FILE [--kernel mlnb-js] (Jupyter starts this for you)'
    );
    process.exit(2);
  }
  startKernel(connectionFile, kernel).catch(err => {
    console.error('mlnb kernel failed to start:', err);
    process.exit(1);
  });
}
