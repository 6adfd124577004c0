type WriteStream = (name: string, text: string) => void;

/** How long printed text waits for more before it is sent: ipykernel waits 200 ms. */
const FLUSH_AFTER_MS = 50;
/** A chunk this large goes at once, so one message never grows without bound. */
const MAX_CHUNK_CHARS = 1 << 20;

/**
 * Joins what a cell prints into few `stream` messages. tslab sends one message per write, so a
 * loop printing thousands of lines sent thousands of messages; past zeromq's high-water mark
 * the publisher dropped some, and the notebook lost lines. Text keeps its order with respect to
 * other streams and to display data: the caller flushes before anything else is sent.
 */
export class StreamBuffer {
  private pending: { name: string; text: string } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly send: WriteStream) {}

  readonly write: WriteStream = (name, text) => {
    if (this.pending && this.pending.name !== name) {
      this.flush();
    }
    this.pending = this.pending ? { name, text: this.pending.text + text } : { name, text };
    if (this.pending.text.length >= MAX_CHUNK_CHARS) {
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS);
    }
  };

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      this.send(pending.name, pending.text);
    }
  }
}
