import * as fs from 'node:fs';
import * as path from 'node:path';
import { JupyterHandlerImpl, ZmqServer } from 'tslab/dist/jupyter';
import { useRecorder } from '../api';
import { RunRecorder } from '../capture/recorder';
import { BUILTIN_MAGICS } from '../magics/builtin';
import { MLNB_VERSION } from '../version';
import { MlnbExecutor } from './executor';
import { ParametersCellWatcher } from './parameters-cell';

/** tslab's Jupyter handler, announcing itself as the mlnb kernel. */
class MlnbJupyterHandler extends JupyterHandlerImpl {
  handleKernel(): ReturnType<JupyterHandlerImpl['handleKernel']> {
    const reply = super.handleKernel();
    return {
      ...reply,
      implementation: 'mlnb',
      implementation_version: MLNB_VERSION,
      banner: `TypeScript (mlnb ${MLNB_VERSION})`
    };
  }
}

/** A silent request from the mlnb extension: `%mlnb-notebook <path of the notebook>`. */
const NOTEBOOK_PATH_REQUEST = /^%mlnb-notebook (.+)$/;

type ExecuteMessage = Parameters<ZmqServer['handleExecute']>[1] & {
  content: { code?: string; silent?: boolean };
  metadata: { cellId?: string };
};

/** tslab's server, passing the notebook cell id of each execute request to the executor. */
class MlnbZmqServer extends ZmqServer {
  constructor(
    handler: MlnbJupyterHandler,
    connectionFile: string,
    private readonly executor: MlnbExecutor,
    private readonly recorder: RunRecorder
  ) {
    super(handler, connectionFile);
  }

  async handleExecute(sock: unknown, msg: ExecuteMessage): Promise<void> {
    const notebook = NOTEBOOK_PATH_REQUEST.exec(msg.content.code ?? '');
    if (msg.content.silent && notebook) {
      // The extension says which notebook this kernel serves (it may have been renamed since
      // the kernel started): not user code, so not executed, counted or recorded as a cell.
      this.recorder.setNotebookPath(path.join(process.cwd(), path.basename(notebook[1].trim())));
      const reply = msg.createReply();
      reply.header.msg_type = 'execute_reply';
      reply.content = { status: 'ok', execution_count: null, user_expressions: {} };
      reply.signAndSend(this.connInfo.key, sock);
      return;
    }
    this.executor.expectCell(msg.content.code ?? '', msg.metadata?.cellId ?? null);
    return super.handleExecute(sock, msg);
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

/** Starts the "TypeScript (mlnb)" kernel on the given Jupyter connection file. */
export async function startKernel(connectionFile: string): Promise<void> {
  const notebook = notebookPath();
  const recorder = new RunRecorder({ cwd: process.cwd(), source: 'interactive', notebookPath: notebook });
  recorder.prepare();
  useRecorder(recorder);
  const executor = await MlnbExecutor.create({
    rootDir: process.cwd(),
    magics: BUILTIN_MAGICS,
    recorder,
    parametersCell: new ParametersCellWatcher(notebook)
  });
  const server = new MlnbZmqServer(
    new MlnbJupyterHandler(executor, false),
    connectionFile,
    executor,
    recorder
  );
  // Ctrl-C in Jupyter ("interrupt") arrives as SIGINT; stop the cell, not the kernel.
  process.on('SIGINT', () => executor.interrupt());
  process.once('SIGTERM', () => void recorder.finish('killed').finally(() => process.exit(143)));
  // User code may throw asynchronously after its cell finished; report it, keep the kernel.
  process.on('uncaughtException', err => console.error('Uncaught exception:', err));
  process.on('unhandledRejection', reason => console.error('Unhandled promise rejection:', reason));
  server.init();
}

if (require.main === module) {
  const connectionFile = process.argv[2];
  if (!connectionFile) {
    console.error('usage: node kernel/main.js CONNECTION_FILE (Jupyter starts this for you)');
    process.exit(2);
  }
  startKernel(connectionFile).catch(err => {
    console.error('mlnb kernel failed to start:', err);
    process.exit(1);
  });
}
