import * as path from 'node:path';
import { JupyterHandlerImpl, ZmqServer } from 'tslab/dist/jupyter';
import type { RunRecorder } from '../capture/recorder';
import type { MlnbExecutor } from './executor';
import type { MlnbJupyterHandler } from './main';

/** A silent request from the mlnb extension: `%mlnb-notebook <path of the notebook>`. */
const NOTEBOOK_PATH_REQUEST = /^%mlnb-notebook (.+)$/;

type ExecuteMessage = Parameters<ZmqServer['handleExecute']>[1] & {
  content: { code?: string; silent?: boolean };
  metadata: { cellId?: string };
};

/** tslab's server, passing the notebook cell id of each execute request to the executor. */
export class MlnbZmqServer extends ZmqServer {
  constructor(
    handler: MlnbJupyterHandler,
    connectionFile: string,
    private readonly executor: MlnbExecutor,
    private readonly recorder: RunRecorder
  ) {
    super(handler, connectionFile);
  }

  /** Resolves once every socket is bound; until then zeromq refuses sends on them. */
  private bound: Promise<void> = Promise.resolve();
  /** The control socket as tslab's read loop knows it. */
  private rawControl: unknown = null;

  init(): Promise<void> {
    this.bound = super.init().then(() => {
      this.iopub = serializeSends(this.iopub);
      this.shell = serializeSends(this.shell);
      this.rawControl = this.control;
      this.control = serializeSends(this.control);
      this.stdin = serializeSends(this.stdin);
      this.hb = serializeSends(this.hb);
    });
    return this.bound;
  }

  /**
   * tslab starts reading the shell socket before its other sockets are bound, so a request
   * arriving early (a busy machine) made it publish "busy" on an iopub still being bound;
   * zeromq threw "Socket is blocked by a bind or unbind operation" and the request never got
   * its reply. Requests wait for the binds, in the order they came.
   */
  async handleShellMessage(
    ...[socket, ...frames]: Parameters<ZmqServer['handleShellMessage']>
  ): Promise<void> {
    await this.bound;
    // tslab's read loops hand over the raw socket; reply through its serialized twin.
    return super.handleShellMessage(socket === this.rawControl ? this.control : this.shell, ...frames);
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
    // tslab's handleExecute, plus clear_output (which tslab cannot send).
    const publish = (type: string, content: object) => {
      const message = msg.createReply();
      message.header.msg_type = type;
      message.content = content;
      message.signAndSend(this.connInfo.key, this.iopub);
    };
    const reply = msg.createReply();
    reply.header.msg_type = 'execute_reply';
    reply.content = await (this.handler as MlnbJupyterHandler).handleExecute(
      msg.content as Parameters<JupyterHandlerImpl['handleExecute']>[0],
      (name, text) => publish('stream', { name, text }),
      (data, update) => publish(update ? 'update_display_data' : 'display_data', data),
      wait => publish('clear_output', { wait })
    );
    reply.signAndSend(this.connInfo.key, sock);
  }
}

/**
 * The socket with each send waiting for the previous one. tslab sends without waiting, and
 * zeromq allows one send in progress per socket: past 512 quick sends in a row (a cell printing
 * in a loop) the next one is queued and the one after it threw "Socket is busy writing", so the
 * cell's output stopped and it never reported idle. zeromq's sockets are sealed, hence a proxy.
 */
function serializeSends<S extends object & { send(...args: never[]): Promise<void> }>(socket: S): S {
  const send = socket.send.bind(socket) as (message: unknown) => Promise<void>;
  let previous: Promise<void> = Promise.resolve();
  const queued = (message: unknown): Promise<void> => {
    previous = previous
      .then(() => send(message))
      .catch(error => console.error('mlnb kernel: a message could not be sent:', error));
    return previous;
  };
  return new Proxy(socket, {
    get(target, property) {
      if (property === 'send') {
        return queued;
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    }
  });
}
