/**
 * Micro-batching: the rows of requests that arrive together are scored in one tensor call. The
 * first waiting request starts a timer of `maxWaitMs`; the batch goes when it fires or when the
 * rows reach `maxRows`. Each request gets its own rows' outputs back, with what scored them.
 */
export interface BatcherOptions<Scorer> {
  maxWaitMs: number;
  maxRows: number;
  /** Scores all rows in one call; `scorer` says who did (the version, which may swap between batches). */
  score(rows: number[][]): { outputs: number[][]; scorer: Scorer };
  /** After each batch: its size (for the metrics) and what was scored, for logging and shadowing. */
  scored?(batch: { rows: number[][]; outputs: number[][]; scorer: Scorer }): void;
}

interface Waiting<Scorer> {
  rows: number[][];
  resolve(result: { outputs: number[][]; scorer: Scorer }): void;
  reject(error: unknown): void;
}

export class MicroBatcher<Scorer> {
  private queue: Waiting<Scorer>[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: BatcherOptions<Scorer>) {}

  submit(rows: number[][]): Promise<{ outputs: number[][]; scorer: Scorer }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      if (this.queuedRows >= this.options.maxRows) {
        this.flush();
      } else if (!this.timer) {
        this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
      }
    });
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    this.queuedRows = 0;
    if (batch.length === 0) {
      return;
    }
    const rows = batch.length === 1 ? batch[0].rows : batch.flatMap(w => w.rows);
    let result: { outputs: number[][]; scorer: Scorer };
    try {
      result = this.options.score(rows);
    } catch (error) {
      batch.forEach(w => w.reject(error));
      return;
    }
    let at = 0;
    for (const w of batch) {
      w.resolve({ outputs: result.outputs.slice(at, at + w.rows.length), scorer: result.scorer });
      at += w.rows.length;
    }
    this.options.scored?.({ rows, ...result });
  }
}
