import { JupyterHandlerImpl, ZmqServer } from 'tslab/dist/jupyter';
import { BUILTIN_MAGICS } from '../magics/builtin';
import { MLNB_VERSION } from '../version';
import { MlnbExecutor } from './executor';

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

/** Starts the "TypeScript (mlnb)" kernel on the given Jupyter connection file. */
export async function startKernel(connectionFile: string): Promise<void> {
  const executor = await MlnbExecutor.create({ rootDir: process.cwd(), magics: BUILTIN_MAGICS });
  const server = new ZmqServer(new MlnbJupyterHandler(executor, false), connectionFile);
  // Ctrl-C in Jupyter ("interrupt") arrives as SIGINT; stop the cell, not the kernel.
  process.on('SIGINT', () => executor.interrupt());
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
